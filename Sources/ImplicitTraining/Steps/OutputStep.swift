import Linalg

extension RelaxedProblem {
    /// Singular values below this fraction of the largest are treated as zero in the least
    /// squares solve: the minimum-norm solution, stable when a ReLU state is dead (a zero row).
    static let leastSquaresRelativeCutoff = 1e-12

    /// The (C, D, c) step: min over the output map of (1/m) Σⱼ ℓ(yⱼ, C pⱼ + D uⱼ + c) + l1 (‖C‖₁ + ‖D‖₁).
    ///
    /// Squared loss without a penalty: the closed form, least squares Θ = Y Zᵀ (Z Zᵀ)⁺ on the
    /// features Z = [P; U; 1ᵀ] (by the SVD of Zᵀ). Otherwise the problem (12) with the penalty
    /// in its Lagrangian form, by accelerated proximal gradient started from the current map.
    ///
    /// - Parameter keepingDirectTerm: fit (C, c) only, D held (the readout refit under the
    ///   column penalty, which ties D's columns to B's and is kept as the joint step left it).
    func outputStep(_ w: inout TrainingParameters, proxies p: Matrix, keepingDirectTerm: Bool = false) throws {
        let features = FeatureMatrix(states: p, rows: Array(structure.outputStates),
                                     inputs: structure.hasDirectTerm && !keepingDirectTerm ? data.inputs : nil)
        let current = outputCoefficients(w, features)
        var targets = data.targets
        if keepingDirectTerm { targets.addProduct(w.d, data.inputs, alpha: -1) }
        let theta: Matrix
        if options.loss == .squared && options.l1 == 0 {
            theta = try Self.leastSquares(features.values, targets)
        } else {
            let offset = keepingDirectTerm ? Matrix.product(w.d, data.inputs) : nil
            theta = try penalizedOutputFit(features, start: current, offset: offset)
        }
        setOutputCoefficients(&w, theta, features)
    }

    /// min_Θ ‖Y − Θ Z‖_F, minimum norm: Θᵀ = V Σ⁺ Uᵀ Yᵀ for Zᵀ = U Σ Vᵀ.
    static func leastSquares(_ z: Matrix, _ y: Matrix) throws -> Matrix {
        let svd = try SingularValueDecomposition(z.transposed())
        let top = svd.values.first ?? 0
        var projected = Matrix.product(svd.u, y, transposeA: .transposed, transposeB: .transposed) // k × q
        for (i, s) in svd.values.enumerated() {
            let inverse = s > top * leastSquaresRelativeCutoff ? 1 / s : 0
            for j in 0..<projected.cols { projected[i, j] *= inverse }
        }
        return Matrix.product(projected, svd.vt, transposeA: .transposed) // q × k
    }

    /// - Parameter offset: a fixed term added to the outputs (D U when D is held).
    private func penalizedOutputFit(_ features: FeatureMatrix, start: Matrix, offset: Matrix?) throws -> Matrix {
        let z = features.values, q = data.targets.rows, k = features.count
        let mean = 1 / Double(m)
        let lipschitz = options.loss.curvatureBound * (try features.largestGramEigenvalue()) * mean
        let l1 = options.l1
        let penalized = k - 1 // the constant column is never penalized
        let solver = ProximalGradient()
        let result = solver.minimize(
            from: start.columnMajorElements, lipschitz: lipschitz,
            smooth: { flat in
                let theta = Matrix(rows: q, cols: k, columnMajor: flat)
                var yHat = Matrix.product(theta, z)
                if let offset { yHat.add(offset) }
                let value = options.loss.mean(yHat.columnMajorElements, data.targets.columnMajorElements, outputs: q)
                var g = Matrix(rows: q, cols: m)
                lossGradients(yHat, into: &g)
                var grad = Matrix(rows: q, cols: k)
                grad.addProduct(g, z, transposeB: .transposed, alpha: mean, beta: 0)
                return (value, grad.columnMajorElements)
            },
            nonsmooth: { flat in l1 * flat[0..<(q * penalized)].reduce(0) { $0 + Swift.abs($1) } },
            proximal: { v, t in
                var out = v
                for i in 0..<(q * penalized) { out[i] = L1BallProjection.softThreshold(v[i], t * l1) }
                return out
            })
        return Matrix(rows: q, cols: k, columnMajor: result.point)
    }

    /// ∂ℓ/∂ŷ for every column of a batch of raw outputs.
    func lossGradients(_ yHat: Matrix, into g: inout Matrix) {
        let q = yHat.rows
        yHat.withColumnMajorElements { ph in
            data.targets.withColumnMajorElements { py in
                g.withMutableColumnMajorElements { pg in
                    for j in 0..<yHat.cols {
                        let range = (j * q)..<((j + 1) * q)
                        options.loss.gradient(UnsafeBufferPointer(rebasing: ph[range]), UnsafeBufferPointer(rebasing: py[range]),
                                              into: UnsafeMutableBufferPointer(rebasing: pg[range]))
                    }
                }
            }
        }
    }

    /// Θ = [C restricted to the features' states, D (if trained), c].
    func outputCoefficients(_ w: TrainingParameters, _ features: FeatureMatrix) -> Matrix {
        let q = w.c.rows
        var theta = Matrix(rows: q, cols: features.count)
        for (col, state) in features.stateRows.enumerated() {
            for i in 0..<q { theta[i, col] = w.c[i, state] }
        }
        var col = features.stateRows.count
        if features.includesInputs {
            for j in 0..<w.d.cols { for i in 0..<q { theta[i, col + j] = w.d[i, j] } }
            col += w.d.cols
        }
        for i in 0..<q { theta[i, col] = w.biasY[i] }
        return theta
    }

    func setOutputCoefficients(_ w: inout TrainingParameters, _ theta: Matrix, _ features: FeatureMatrix) {
        let q = w.c.rows
        for (col, state) in features.stateRows.enumerated() {
            for i in 0..<q { w.c[i, state] = theta[i, col] }
        }
        var col = features.stateRows.count
        if features.includesInputs {
            for j in 0..<w.d.cols { for i in 0..<q { w.d[i, j] = theta[i, col + j] } }
            col += w.d.cols
        }
        for i in 0..<q { w.biasY[i] = theta[i, col] }
    }
}
