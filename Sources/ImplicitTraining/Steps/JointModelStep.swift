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
        guard let column = options.columnPenalty else { return }
        let n = w.a.rows, inputCount = w.b.cols, q = w.c.rows
        let layout = ParameterLayout(n: n, p: inputCount, q: q)
        let inv = 1 / Double(m)
        let stateFeatures = FeatureMatrix(states: x, rows: Array(0..<n), inputs: data.inputs)
        let outputFeatures = FeatureMatrix(states: p, rows: Array(0..<n), inputs: data.inputs)
        let lipschitz = Swift.max((dualWeights.max() ?? 0) * (try stateFeatures.largestGramEigenvalue()),
                                  options.loss.curvatureBound * (try outputFeatures.largestGramEigenvalue())) * inv
        let mask = layout.mask(structure)
        let kappa = options.kappa, l1 = options.l1, constrained = structure.constrainsNorm
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
                value = value * inv + options.loss.mean(yHat.columnMajorElements, data.targets.columnMajorElements, outputs: q)
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
                if constrained && v.a.normInf > kappa * (1 + Self.ballSlack) { return .infinity }
                return penalty(v)
            },
            proximal: { flat, t in
                var v = layout.unpack(flat)
                if constrained {
                    for i in 0..<n {
                        let row = L1BallProjection.project(v.a.row(i), radius: kappa)
                        for c in 0..<n { v.a[i, c] = row[c] }
                    }
                }
                if l1 > 0 {
                    v.c = v.c.mapElements { L1BallProjection.softThreshold($0, t * l1) }
                    v.b = v.b.mapElements { L1BallProjection.softThreshold($0, t * l1) }
                    v.d = v.d.mapElements { L1BallProjection.softThreshold($0, t * l1) }
                }
                for k in 0..<inputCount {
                    let shrunk = ColumnGroup.proximal(v.b.column(k) + v.d.column(k), t * column.weight, column.norm)
                    for i in 0..<n { v.b[i, k] = shrunk[i] }
                    for i in 0..<q { v.d[i, k] = shrunk[n + i] }
                }
                var packed = layout.pack(v)
                for k in packed.indices where !mask[k] { packed[k] = 0 }
                return packed
            })
        w = layout.unpack(result.point)
    }
}

/// (A, B, b, C, D, c) as one flat vector, for the joint model step.
struct ParameterLayout {
    let n: Int, p: Int, q: Int

    func pack(_ w: TrainingParameters) -> [Double] {
        w.a.columnMajorElements + w.b.columnMajorElements + w.biasX + w.c.columnMajorElements + w.d.columnMajorElements + w.biasY
    }

    func unpack(_ flat: [Double]) -> TrainingParameters {
        var offset = 0
        func take(_ count: Int) -> [Double] {
            defer { offset += count }
            return Array(flat[offset..<(offset + count)])
        }
        let a = Matrix(rows: n, cols: n, columnMajor: take(n * n))
        let b = Matrix(rows: n, cols: p, columnMajor: take(n * p))
        let biasX = take(n)
        let c = Matrix(rows: q, cols: n, columnMajor: take(q * n))
        let d = Matrix(rows: q, cols: p, columnMajor: take(q * p))
        return TrainingParameters(a: a, b: b, biasX: biasX, c: c, d: d, biasY: take(q))
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
