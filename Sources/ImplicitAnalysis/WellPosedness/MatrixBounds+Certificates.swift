import ImplicitModel

extension MatrixBounds {
    /// The cheapest sufficient condition for I − M to be a P-matrix that holds, tried in order of
    /// cost: ‖M‖∞, ‖M‖₁, a Perron scaling of |M|, the H-matrix test, then (O(n³)) the symmetric
    /// part of I − M by Cholesky and ‖M‖₂.
    /// - Parameter contractionOnly: try only the conditions that also make x ↦ φ(Mx + b) a
    ///   contraction (the norms and the Perron scaling), for activations that are not monotone.
    func sufficientCertificate(matrix: TestedMatrix, contractionOnly: Bool = false) -> WellPosednessCertificate? {
        let bound = certifiedBelowOne
        if normInf <= bound {
            return WellPosednessCertificate(kind: .normInf, matrix: matrix, condition: "‖M‖∞ < 1", value: normInf, bound: 1)
        }
        if norm1 <= bound {
            return WellPosednessCertificate(kind: .norm1, matrix: matrix, condition: "‖M‖₁ < 1", value: norm1, bound: 1)
        }
        if perronRatio <= bound {
            return WellPosednessCertificate(kind: .perronScaling, matrix: matrix,
                                            condition: "v > 0 with maxᵢ (|M| v)ᵢ / vᵢ < 1, so ρ(|M|) < 1",
                                            value: perronRatio, bound: 1, scaling: perron.vector)
        }
        if !contractionOnly, let certificate = hMatrixCertificate(matrix: matrix) { return certificate }
        if !contractionOnly, let certificate = symmetricPartCertificate(matrix: matrix) { return certificate }
        if let two = norm2, two <= bound {
            return WellPosednessCertificate(kind: .norm2, matrix: matrix, condition: "‖M‖₂ < 1", value: two, bound: 1)
        }
        return nil
    }

    /// I − M with positive diagonal is an H-matrix iff the Jacobi matrix J = diag(1 − mᵢᵢ)⁻¹ |offdiag M|
    /// has ρ(J) < 1, certified by its Perron vector v: maxᵢ (Jv)ᵢ / vᵢ < 1.
    func hMatrixCertificate(matrix: TestedMatrix) -> WellPosednessCertificate? {
        let n = size
        guard n > 1, (0..<n).allSatisfy({ m[$0, $0] < 1 }) else { return nil }
        var jacobi = absolute
        for i in 0..<n { jacobi[i, i] = 0 }
        for j in 0..<n { for i in 0..<n { jacobi[i, j] /= 1 - m[i, i] } }
        let bound = certifiedBelowOne
        let perronJ = PerronVector(of: jacobi, maxIterations: options.perronIterations, stopBelow: bound)
        let v = perronJ.vector
        var offdiagonal = absolute
        for i in 0..<n { offdiagonal[i, i] = 0 }
        let numerator = offdiagonal.apply(to: v)
        var ratio = 0.0
        for i in 0..<n { ratio = Swift.max(ratio, numerator[i] / ((1 - m[i, i]) * v[i])) }
        guard ratio <= bound else { return nil }
        return WellPosednessCertificate(kind: .hMatrix, matrix: matrix,
                                        condition: "mᵢᵢ < 1 and v > 0 with maxᵢ Σⱼ≠ᵢ |mᵢⱼ| vⱼ / ((1 − mᵢᵢ) vᵢ) < 1",
                                        value: ratio, bound: 1, scaling: v)
    }

    /// (I − M + (I − M)ᵀ)/2 positive definite, certified by Cholesky after subtracting
    /// shift = margin · n · max(1, ‖S‖∞), which covers Cholesky's backward error (≈ n·u·‖S‖).
    func symmetricPartCertificate(matrix: TestedMatrix) -> WellPosednessCertificate? {
        let n = size
        guard n <= options.cubicSizeLimit else { return nil }
        var s = Matrix.identity(n) - m
        s = s.symmetricPart
        let shift = options.certificateMargin * Double(n) * Swift.max(1, s.normInf)
        for i in 0..<n { s[i, i] -= shift }
        guard let factor = try? CholeskyFactorization(s) else { return nil }
        let pivot = factor.smallestPivot
        guard pivot > 0 else { return nil }
        return WellPosednessCertificate(kind: .symmetricPartPositiveDefinite, matrix: matrix,
                                        condition: "(I − M + (I − M)ᵀ)/2 − shift·I is positive definite (Cholesky)",
                                        value: pivot, bound: 0, shift: shift)
    }
}
