import ImplicitModel

/// Evidence that a diagonal component is well-posed: a condition on a matrix (`matrix`, built from
/// the component's A) and the numbers behind it, so that a third party can recompute it.
///
/// Every kind except `nonsingular` and the two block-map contractions proves that I − M is a P-matrix, M the tested matrix: with the
/// LCP reformulation that is exactly well-posedness for piecewise-linear activations, and for the
/// others (M = LA on a [0, L] slope box, or `slopeBox`) it means that det(I − A·D) has one strict
/// sign over the vertices of the slope box, which proves well-posedness (docs/lint.md, the
/// slope-box theorem). `docs/lint.md` lists the check for each kind.
public struct WellPosednessCertificate: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable {
        /// One state: M = [m], m < 1 (for ReLU, x = max(0, mx + b) has one solution iff m < 1).
        case scalar
        /// ‖M‖∞ < 1: I − M is strictly row diagonally dominant with positive diagonal.
        case normInf
        /// ‖M‖₁ < 1: the same by columns.
        case norm1
        /// A vector v > 0 with maxᵢ (|M| v)ᵢ / vᵢ < 1, so ρ(|M|) < 1 (Perron–Frobenius; the IGNN
        /// condition): every principal submatrix of M has spectral radius below 1.
        case perronScaling
        /// I − M is an H-matrix with positive diagonal: mᵢᵢ < 1 and a v > 0 with
        /// maxᵢ Σ_{j≠i} |mᵢⱼ| vⱼ / ((1 − mᵢᵢ) vᵢ) < 1 (generalized diagonal dominance).
        case hMatrix
        /// The symmetric part of I − M is positive definite: Cholesky of (I − M + (I − M)ᵀ)/2 − shift·I
        /// succeeds (monotone operator equilibrium networks).
        case symmetricPartPositiveDefinite
        /// ‖M‖₂ < 1: every principal submatrix has its eigenvalues inside the unit disc.
        case norm2
        /// All 2ᵏ − 1 principal minors of I − M are positive, decided by the recursive
        /// Schur-complement test (Tsatsomeros–Li 2000).
        case principalMinors
        /// Identity components: I − M is nonsingular (reciprocal condition number above tolerance).
        case nonsingular
        /// A component with a block map (softmax, layer normalisation): ‖M‖∞ < 1 for
        /// M = diag(L) A, Lᵢ the ℓ∞ Lipschitz constant of state i's block map
        /// (`StateMap.lipschitzConstant`), so x ↦ Φ(Ax + b) is a contraction in ℓ∞ and has
        /// exactly one fixed point for every b (Banach).
        case blockMapContractionInf
        /// The same in ℓ2: ‖M‖₂ < 1 for Lᵢ the ℓ2 constants (`StateMap.lipschitzConstant2`).
        case blockMapContraction2
    }

    public var kind: Kind
    /// What M is, in terms of the component's A.
    public var matrix: TestedMatrix
    /// The condition, written out.
    public var condition: String
    /// The number compared with `bound`: the norm or ratio (< bound), the smallest Cholesky pivot,
    /// the smallest pivot of the P-matrix test or the reciprocal condition number (> bound).
    public var value: Double
    public var bound: Double
    /// v for `perronScaling` and `hMatrix`, in the component's state order.
    public var scaling: [Double]?
    /// The diagonal shift subtracted before Cholesky (`symmetricPartPositiveDefinite`).
    public var shift: Double?
    /// `principalMinors`: the smallest principal minor of I − M, its states (model indices) and
    /// the number of pivots checked (2ᵏ − 1).
    public var smallestMinor: Double?
    public var smallestMinorStates: [Int]?
    public var pivotsChecked: Int?
    /// `nonsingular`: the sign of det(I − M).
    public var determinantSign: Int?
    /// For `leakyTransformed`: the reciprocal condition number of I − A·D, which must be invertible;
    /// for `slopeBox`: that of I − A·S₀.
    public var transformCondition: Double?
    /// For `slopeBox`: the corner S₀ of the slope box (per state) and the sign of det(I − A·S₀),
    /// the sign every vertex determinant shares.
    public var baseSlopes: [Double]?
    public var baseDeterminantSign: Int?

    public init(kind: Kind, matrix: TestedMatrix, condition: String, value: Double, bound: Double,
                scaling: [Double]? = nil, shift: Double? = nil) {
        self.kind = kind
        self.matrix = matrix
        self.condition = condition
        self.value = value
        self.bound = bound
        self.scaling = scaling
        self.shift = shift
    }
}

extension WellPosednessCertificate {
    /// The `principalMinors` certificate of a P-matrix test that passed; `states` maps the
    /// tested matrix's rows to model state indices.
    init(passed test: PMatrixTest, matrix: TestedMatrix, threshold: Double, states: [Int]) {
        self.init(kind: .principalMinors, matrix: matrix,
                  condition: "every principal minor of I − M is positive (recursive Schur-complement test)",
                  value: test.smallestPivot, bound: threshold)
        smallestMinor = test.smallestMinor
        smallestMinorStates = test.smallestMinorSubset.map { states[$0] }
        pivotsChecked = test.pivotsChecked
    }
}
