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
                var gradient = TrainingParameters(
                    a: Matrix.product(r, x, transposeB: .transposed), b: Matrix.product(r, data.inputs, transposeB: .transposed),
                    biasX: (0..<n).map { i in (0..<m).reduce(0) { $0 + r[i, $1] } },
                    c: Matrix.product(g, p, transposeB: .transposed), d: Matrix.product(g, data.inputs, transposeB: .transposed),
                    biasY: (0..<q).map { i in (0..<m).reduce(0) { $0 + g[i, $1] } })
                gradient.applyStructure(structure)
                return (value, layout.pack(gradient))
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
