import ImplicitModel

/// The matrix a certificate's condition is stated for, within one diagonal component.
///
/// A is always the component's submatrix A[S, S] of the model's A (S = the component's `states`).
public enum TestedMatrix: String, Codable, Sendable, Hashable {
    /// A itself: ReLU components and activations with slopes in [0, 1].
    case a = "A"
    /// L·A with L = diag(`lipschitz`) of the component: sigmoid (slopes in [0, 1/4]) and leaky ReLU
    /// with slope above 1.
    case lipschitzScaled = "LA"
    /// A' = (I − A·D)⁻¹ A (I − D) with D = diag(`lowSlopes`) of the component, so that I − A' =
    /// (I − A·D)⁻¹(I − A): the LCP matrix of a component mixing ReLU, leaky ReLU and identity states.
    case leakyTransformed = "(I - A D)^-1 A (I - D)"
    /// M = (I − A·S₀)⁻¹ A (S₁ − S₀), S₀ = diag(`baseSlopes`) one corner of the component's slope
    /// box [`slopeLower`, `slopeUpper`] and S₁ the opposite corner. For the vertex D that takes S₁'s
    /// slopes on α and S₀'s elsewhere, det(I − A·D) = det(I − A·S₀) · det((I − M)[α, α]), so the
    /// vertex determinants share one strict sign iff I − M is a P-matrix.
    case slopeBox = "(I - A S0)^-1 A (S1 - S0)"
    /// D·A with D = diag(`lipschitz`) of the component, Dᵢ the Lipschitz constant of state i's map
    /// in the certificate's norm (a block map's constant on each of its states): block-map
    /// components.
    case blockLipschitzScaled = "D A"
}
