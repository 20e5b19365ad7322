import Linalg

extension PicardContraction {
    /// The bound of a component some of whose blocks apply a block map (softmax, layer
    /// normalisation), `maps[k]` on the `sizes[k]` consecutive states of block k.
    ///
    /// Φ = (Φ₁, …, Φ_K) acts block by block, Φ_k L_k-Lipschitz in ℓp (`StateMap.lipschitzConstant`
    /// for ℓ∞, `lipschitzConstant2` for ℓ2). In ℓ∞, ‖Φ(z) − Φ(z')‖∞ = max_k ‖Φ_k(z_k) − Φ_k(z'_k)‖∞
    /// ≤ max_k L_k ‖z_k − z'_k‖∞; in ℓ2 the squares add up the same way. So with D_p = diag(L_k on
    /// block k's states) the iteration x ← Φ(Ax + c) contracts with factor ‖D∞A‖∞ in ℓ∞ and
    /// ‖D₂A‖₂ in ℓ2. The ℓ1 and weighted max-norms of the elementwise bound do not carry over (a
    /// block map's Lipschitz constant is not the same in them), so only these two are tried; the
    /// smaller is the factor.
    public init(a: Matrix, maps: [StateMap], sizes: [Int], limits: Limits = Limits(), margin: Double = defaultMargin) {
        precondition(maps.count == sizes.count && a.isSquare && a.rows == sizes.reduce(0, +), "component shapes disagree")
        func perState(_ constant: (StateMap) -> Double) -> [Double] {
            zip(maps, sizes).flatMap { [Double](repeating: constant($0), count: $1) }
        }
        // The ℓ2 constants differ from the ℓ∞ ones only for layer normalisation; one scaled copy
        // of A serves both norms otherwise.
        let lInf = perState(\.lipschitzConstant), l2 = perState(\.lipschitzConstant2)
        let mInf = a.rowsScaled(by: lInf)
        let m2 = l2 == lInf ? mInf : a.rowsScaled(by: l2)
        let inf = mInf.normInf
        var euclidean = (m2.norm1 * m2.normInf).squareRoot()
        // ‖D₂A‖₂ itself (an SVD) only when ℓ∞ has not proven contraction, so that the factor is
        // always a norm a third party recomputes exactly.
        if inf > 1 - margin, m2.rows <= limits.spectralNormSizeLimit, let two = try? m2.norm2() {
            euclidean = Swift.min(euclidean, two)
            if two < inf {
                self.init(norm: .two, factor: two, scaling: nil, margin: margin, euclideanBound: euclidean)
                return
            }
        }
        self.init(norm: .inf, factor: inf, scaling: nil, margin: margin, euclideanBound: euclidean)
    }
}
