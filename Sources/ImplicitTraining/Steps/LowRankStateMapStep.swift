import Linalg

extension RelaxedProblem {
    /// The (A, B, b) step when A = L Rᵀ has rank ≤ k (`--rank k`, §6.3): problem (13) over
    /// the factors, alternating (each half convex, the other factor fixed):
    ///
    /// 1. (L, B, b), R fixed: zᵢⱼ = lᵢᵀ(RᵀX)ⱼ + bᵢᵀuⱼ + βᵢ is the dense step's row problem on
    ///    the k features RᵀX instead of X, solved row by row in parallel with ‖lᵢ‖₁ ≤ κ;
    /// 2. R, (L, B, b) fixed: min (1/m) Σᵢ λᵢ Σⱼ [Φ(zᵢⱼ) − Pᵢⱼ zᵢⱼ], Z = L RᵀX + BU + b1ᵀ,
    ///    subject to ‖R eₖ‖₁ ≤ 1 for every column, by accelerated projected gradient with
    ///    ∇_R = X Gᵀ L, G = Λ(φ(Z) − P)/m, and L_R = maxᵢ λᵢ ‖L‖₂² λ_max(XXᵀ)/m (Φ'' ≤ 1).
    ///
    /// **Well-posedness** is kept by constraining the factors, never by projecting the product:
    /// ‖L‖∞ ≤ κ and ‖Rᵀ‖∞ ≤ 1 give ‖A‖∞ = ‖L Rᵀ‖∞ ≤ κ for every iterate (the rows of L and
    /// the columns of R stay in their ℓ1 balls, to the projection's few ulps, `ballSlack`).
    /// Projecting L Rᵀ row-wise and refactoring by a truncated SVD would break either the bound
    /// or the descent; this way both half-steps start at the current point and never raise J.
    /// The set is smaller than {rank ≤ k, ‖A‖∞ ≤ κ} (the product bound is not tight), which
    /// only restricts the search.
    func lowRankStateMapStep(_ w: inout TrainingParameters, states x: Matrix, proxies p: Matrix) throws {
        guard var factors = w.factors else { return try stateMapStep(&w, states: x, proxies: p) }
        let n = structure.stateCount, k = factors.left.cols

        // 1. (L, B, b) on the features [RᵀX; U; 1ᵀ].
        let projected = Matrix.product(factors.right, x, transposeA: .transposed)
        let features = FeatureMatrix(states: projected, rows: Array(0..<k), inputs: data.inputs)
        let gram = try features.largestGramEigenvalue()
        let current = w, left = factors.left
        let rows: [[Double]] = ParallelPartition.map(n) { i in
            let start = left.row(i) + current.b.row(i) + [current.biasX[i]]
            return solveStateRow(i, features: features, gramEigenvalue: gram, proxies: p, start: start)
        }
        let p0 = data.inputs.rows
        for i in 0..<n {
            for c in 0..<k { factors.left[i, c] = rows[i][c] }
            for j in 0..<p0 { w.b[i, j] = rows[i][k + j] }
            w.biasX[i] = rows[i][k + p0]
        }

        // 2. R with the rest fixed.
        factors.right = try rightFactorStep(left: factors.left, right: factors.right, inputTerm: inputTerm(w.b, w.biasX),
                                            states: x, proxies: p)
        w.factors = factors
        w.a = factors.product
    }

    /// Step 2 of `lowRankStateMapStep`: the R half-problem from the current R.
    func rightFactorStep(left: Matrix, right: Matrix, inputTerm: Matrix, states x: Matrix, proxies p: Matrix) throws -> Matrix {
        let n = right.rows, k = right.cols
        let leftNorm = try left.norm2()
        let gramX = try Matrix.product(x, x, transposeB: .transposed).symmetricEigenvalues().last ?? 0
        let largestWeight = dualWeights.max() ?? 0
        let lipschitz = largestWeight * leftNorm * leftNorm * gramX / Double(m)
        let weights = dualWeights, samples = Double(m), act = activation
        func preactivations(_ r: Matrix) -> Matrix {
            var z = inputTerm
            z.addProduct(left, Matrix.product(r, x, transposeA: .transposed))
            return z
        }
        let result = ProximalGradient().minimize(
            from: right.columnMajorElements, lipschitz: lipschitz,
            smooth: { storage in
                let r = Matrix(rows: n, cols: k, columnMajor: storage)
                let z = preactivations(r)
                var g = Matrix(rows: n, cols: z.cols)
                var value = 0.0
                for j in 0..<z.cols {
                    for i in 0..<n {
                        let s = z[i, j]
                        value += weights[i] * (act.potential(s) - p[i, j] * s)
                        g[i, j] = weights[i] * (act.value(s) - p[i, j]) / samples
                    }
                }
                // ∇_R = X Gᵀ L.
                let gradient = Matrix.product(Matrix.product(x, g, transposeB: .transposed), left)
                return (value / samples, gradient.columnMajorElements)
            },
            nonsmooth: { storage in
                for c in 0..<k where storage[(c * n)..<((c + 1) * n)].reduce(0, { $0 + Swift.abs($1) }) > 1 + Self.ballSlack {
                    return .infinity
                }
                return 0
            },
            proximal: { v, _ in
                var out = v
                for c in 0..<k {
                    let column = L1BallProjection.project(Array(v[(c * n)..<((c + 1) * n)]), radius: 1)
                    for i in 0..<n { out[c * n + i] = column[i] }
                }
                return out
            })
        return Matrix(rows: n, cols: k, columnMajor: result.point)
    }
}
