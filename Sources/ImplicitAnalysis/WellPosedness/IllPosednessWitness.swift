import ImplicitModel

/// Evidence that a diagonal component is ill-posed: a bias b and two distinct states x¹ ≠ x² with
/// xᵏ = φ(A xᵏ + b), verified to `residual`.
///
/// Vectors are indexed like the component's `states` (model state indices, ascending), and A is
/// the model's A restricted to those states. A component witness is a model witness: choose the
/// biases of the states the component reads so that they take any consistent values, and the
/// component's own bias as b minus what they contribute (El Ghaoui et al. 2019, Theorem 1; docs/lint.md,
/// "How the verdict is reached").
public struct IllPosednessWitness: Codable, Sendable, Equatable {
    /// How the witness was found. M is the tested matrix of the component's LCP: A for ReLU,
    /// A' = (I − AD)⁻¹A(I − D) for leaky ReLU and identity mixtures (see `TestedMatrix`).
    public enum Reason: String, Codable, Sendable, Hashable, CaseIterable {
        /// A diagonal entry mᵢᵢ ≥ 1 (for ReLU: aᵢᵢ ≥ 1).
        case diagonalEntry
        /// A 2 × 2 principal minor of I − M that is ≤ 0.
        case principalMinor2x2
        /// M ≥ 0 with ρ(M) ≥ 1: the Perron vector v satisfies Mv ≥ v.
        case nonnegativePerron
        /// A principal minor ≤ 0 found by the exact recursive test.
        case principalMinor
        /// A principal minor ≤ 0 found by the bounded search on a large component.
        case search
        /// I − A (identity states) or I − A·D (leaky ReLU states) is singular: its null vector moves
        /// one solution to another.
        case singular
        /// A real eigenvalue λ ≥ 1 of M: its eigenvector x has xᵢ((I − M)x)ᵢ = (1 − λ)xᵢ² ≤ 0.
        case realEigenvalue
        /// Two solutions found by enumerating all complementary bases of a principal subset.
        case enumeration
        /// Smooth (or mixed) activations: a vertex D of the slope box with det(I − A·D) of the
        /// sign opposite to another vertex; b = F(z*) for a z* whose Jacobian I − A·diag(φ'(z*))
        /// has that sign, and the solutions found by Newton's method on z − Aφ(z) = b.
        case slopeBoxVertex
    }

    public var reason: Reason
    /// The principal subset α (model state indices) with det((I − M)[α, α]) ≤ 0, when one is known
    /// (for `slopeBoxVertex`, M is LA or (I − A·S₀)⁻¹A(S₁ − S₀) and α the states at S₁'s slopes).
    public var subset: [Int]?
    /// det((I − M)[α, α]) as computed.
    public var principalMinor: Double?
    /// The Collatz–Wielandt lower bound minᵢ (Mv)ᵢ / vᵢ ≥ 1 for `nonnegativePerron`.
    public var perronLowerBound: Double?
    /// The real eigenvalue λ ≥ 1 of M for `realEigenvalue`.
    public var eigenvalue: Double?
    public var b: [Double]
    public var x1: [Double]
    public var x2: [Double]
    /// `slopeBoxVertex`: the vertex slopes D (per state), det(I − A·D) computed directly, the point
    /// z* (z = Ax + b) whose slopes approach D, det(I − A·diag(φ'(z*))), and the solutions found
    /// beyond x¹ and x² (each verified like them).
    public var vertexSlopes: [Double]?
    public var vertexDeterminant: Double?
    public var jacobianPoint: [Double]?
    public var jacobianDeterminant: Double?
    public var otherSolutions: [[Double]]?
    /// max over all solutions and all states of |xᵢ − φᵢ((Ax + b)ᵢ)|.
    public var residual: Double
    /// ‖x¹ − x²‖∞.
    public var separation: Double

    public init(reason: Reason, subset: [Int]? = nil, principalMinor: Double? = nil, perronLowerBound: Double? = nil,
                eigenvalue: Double? = nil, b: [Double], x1: [Double], x2: [Double], residual: Double, separation: Double) {
        self.reason = reason
        self.subset = subset
        self.principalMinor = principalMinor
        self.perronLowerBound = perronLowerBound
        self.eigenvalue = eigenvalue
        self.b = b
        self.x1 = x1
        self.x2 = x2
        self.residual = residual
        self.separation = separation
    }
}
