import Linalg

extension RelaxedProblem {
    /// The model step with the column penalty (19), over (A, B, b, C, D, c) at once:
    ///
    ///     min (1/m) [Σⱼ ℓ(yⱼ, C pⱼ + D uⱼ + c) + Σᵢ λᵢ Σⱼ (Φ(zᵢⱼ) − Pᵢⱼ zᵢⱼ)]
    ///         + l1 (‖B‖₁ + ‖C‖₁ + ‖D‖₁) + λ_col Σₖ ‖(B; D) eₖ‖_α     s.t. ‖aᵢ‖₁ ≤ κ,
    ///
    /// z = AX + BU + b. The group penalty ties each column of B to the same column of D, so
    /// (A, B) and (C, D) no longer separate; jointly the problem is still convex, and is solved
    /// by accelerated proximal gradient with one step 1/L, L the larger of the two blocks'
    /// curvature bounds. The proximal map is exact: ℓ1-ball projection of A's rows, and for
    /// each column of (B; D) the soft threshold followed by the block soft threshold (the
    /// sparse group lasso's prox, α = 2) or the ∞-norm prox.
    func jointModelStep(_ w: inout TrainingParameters, states x: Matrix, proxies p: Matrix) throws {
        guard options.columnPenalty != nil else { return }
        let n = w.a.rows, inputCount = w.b.cols, q = w.c.rows
        let layout = ParameterLayout(n: n, p: inputCount, q: q)
        let inv = 1 / Double(m)
        let stateFeatures = FeatureMatrix(states: x, rows: Array(0..<n), inputs: data.inputs)
        let outputFeatures = FeatureMatrix(states: p, rows: Array(0..<n), inputs: data.inputs)
        let lipschitz = Swift.max((dualWeights.max() ?? 0) * (try stateFeatures.largestGramEigenvalue()),
                                  options.loss.curvatureBound * (try outputFeatures.largestGramEigenvalue())) * inv
        let mask = layout.mask(structure)
        let result = ProximalGradient().minimize(
            from: layout.pack(w), lipschitz: lipschitz,
            smooth: { flat in
                let v = layout.unpack(flat)
                let z = preactivations(v, states: x)
                var r = Matrix(rows: n, cols: m)
                var value = 0.0
                for j in 0..<m {
                    for i in 0..<n {
                        value += dualWeights[i] * (activation.potential(z[i, j]) - p[i, j] * z[i, j])
                        r[i, j] = dualWeights[i] * (activation.value(z[i, j]) - p[i, j]) * inv
                    }
                }
                let yHat = outputs(v, proxies: p)
                value = value * inv + options.loss.mean(yHat.storage, data.targets.storage, outputs: q)
                var g = Matrix(rows: q, cols: m)
                lossGradients(yHat, into: &g)
                g.scale(by: inv)
                let gradient = TrainingParameters(
                    a: Matrix.product(r, x, transposeB: .transposed), b: Matrix.product(r, data.inputs, transposeB: .transposed),
                    biasX: (0..<n).map { i in (0..<m).reduce(0) { $0 + r[i, $1] } },
                    c: Matrix.product(g, p, transposeB: .transposed), d: Matrix.product(g, data.inputs, transposeB: .transposed),
                    biasY: (0..<q).map { i in (0..<m).reduce(0) { $0 + g[i, $1] } })
                var packed = layout.pack(gradient)
                for k in packed.indices where !mask[k] { packed[k] = 0 }
                return (value, packed)
            },
            nonsmooth: { flat in
                let v = layout.unpack(flat)
                return isFeasible(v) ? penalty(v) : .infinity
            },
            proximal: { flat, t in
                var v = layout.unpack(flat)
                proximalModel(&v, step: t)
                return layout.pack(v)
            })
        w = layout.unpack(result.point)
    }
}

/// (A, B, b, C, D, c) as one flat vector, for the joint model step and the refinement; with a
/// rank k, the factors (L, R) of A = L Rᵀ stand in A's place.
struct ParameterLayout {
    let n: Int, p: Int, q: Int
    var rank: Int? = nil

    init(n: Int, p: Int, q: Int, rank: Int? = nil) {
        self.n = n
        self.p = p
        self.q = q
        self.rank = rank
    }

    func pack(_ w: TrainingParameters) -> [Double] {
        let stateMap = rank != nil ? (w.factors.map { $0.left.storage + $0.right.storage } ?? []) : w.a.storage
        return stateMap + w.b.storage + w.biasX + w.c.storage + w.d.storage + w.biasY
    }

    func unpack(_ flat: [Double]) -> TrainingParameters {
        var offset = 0
        func take(_ count: Int) -> [Double] {
            defer { offset += count }
            return Array(flat[offset..<(offset + count)])
        }
        var factors: LowRankFactors?
        let a: Matrix
        if let rank {
            let f = LowRankFactors(left: Matrix(rows: n, cols: rank, columnMajor: take(n * rank)),
                                   right: Matrix(rows: n, cols: rank, columnMajor: take(n * rank)))
            factors = f
            a = f.product
        } else {
            a = Matrix(rows: n, cols: n, columnMajor: take(n * n))
        }
        let b = Matrix(rows: n, cols: p, columnMajor: take(n * p))
        let biasX = take(n)
        let c = Matrix(rows: q, cols: n, columnMajor: take(q * n))
        let d = Matrix(rows: q, cols: p, columnMajor: take(q * p))
        var w = TrainingParameters(a: a, b: b, biasX: biasX, c: c, d: d, biasY: take(q))
        w.factors = factors
        return w
    }

    /// Which entries the structure lets the step change.
    func mask(_ structure: TrainingStructure) -> [Bool] {
        var a = Matrix(rows: n, cols: n), b = Matrix(rows: n, cols: p), c = Matrix(rows: q, cols: n)
        for i in 0..<n {
            for col in structure.stateInputs(ofState: i) { a[i, col] = 1 }
            if structure.readsInput(state: i) { for k in 0..<p { b[i, k] = 1 } }
        }
        for state in structure.outputStates { for i in 0..<q { c[i, state] = 1 } }
        let d = Matrix(rows: q, cols: p, repeating: structure.hasDirectTerm ? 1 : 0)
        let all = [Double](repeating: 1, count: n)
        return pack(TrainingParameters(a: a, b: b, biasX: all, c: c, d: d, biasY: [Double](repeating: 1, count: q))).map { $0 != 0 }
    }
}
