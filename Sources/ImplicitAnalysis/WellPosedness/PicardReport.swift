import ImplicitModel

/// Whether the Picard iteration x ← φ(Ax + b) is a contraction on one diagonal component, and the
/// norm that proves it.
///
/// φ acts elementwise and φᵢ is Lᵢ-Lipschitz, so |φ(z) − φ(z')| ≤ L|z − z'| entrywise and the
/// iteration contracts in any norm with ‖LA‖ < 1 among the monotone ones tried: ∞, 1, 2 and the
/// weighted max-norm ‖x‖_v = maxᵢ |xᵢ| / vᵢ, whose induced norm of LA is maxᵢ (|LA| v)ᵢ / vᵢ.
/// Well-posed components need not contract (A = −2: the iteration cycles), so this is reported
/// apart from the verdict.
public struct PicardReport: Codable, Sendable, Equatable {
    public typealias Norm = PicardContraction.Norm

    /// True when `value` ≤ 1 − certificate margin: the iteration provably converges for every b.
    /// False means none of the norms tried proves it (not that the iteration diverges).
    public var contractive: Bool
    /// The norm with the smallest ‖LA‖ found.
    public var norm: Norm
    /// ‖LA‖ in that norm: the contraction factor when `contractive`.
    public var value: Double
    /// The weights v > 0 when `norm` is `weightedInf`.
    public var scaling: [Double]?

    public init(contractive: Bool, norm: Norm, value: Double, scaling: [Double]? = nil) {
        self.contractive = contractive
        self.norm = norm
        self.value = value
        self.scaling = scaling
    }
}
