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
}
