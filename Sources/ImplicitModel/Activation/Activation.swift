import Foundation

/// An elementwise activation φ applied to one state: the one table of activation facts.
///
/// Every fact about an activation lives in this type and its extensions, and every other module
/// asks it: the value and slope (`Activation+Values.swift`), the names used in YAML, protobuf and
/// NPZ `activation` strings (`Activation+Names.swift`), the slope interval [σ₋, σ₊], Lipschitz
/// constant, monotonicity and linear pieces (`Activation+Slopes.swift`) used by lint and the
/// solvers, and the image of an interval (`Activation+Range.swift`) used by bounds and reductions.
///
/// Parameters follow ONNX and PyTorch: `leakyReLU(alpha:)` is also PReLU's slope (any real, so
/// slopes above 1 or below 0 are allowed); `hardSigmoid` is max(0, min(1, αz + β));
/// `clip(lower:upper:)` is ReLU6 and Hardtanh; `thresholdedReLU(alpha:)` is z for z > α, else 0.
public enum Activation: Sendable, Hashable {
    case relu
    /// z for z > 0, αz otherwise (leaky ReLU, PReLU).
    case leakyReLU(alpha: Double)
    case tanh
    case sigmoid
    case identity
    /// z · Φ(z), Φ the standard normal distribution function (erf form).
    case gelu
    /// ½ z (1 + tanh(√(2/π) (z + 0.044715 z³))): GELU with `approximate="tanh"`.
    case geluTanh
    /// z · σ(z) (SiLU, Swish with β = 1).
    case silu
    /// z · σ(βz), β > 0.
    case swish(beta: Double)
    /// max(0, min(1, αz + β)).
    case hardSigmoid(alpha: Double, beta: Double)
    /// z · max(0, min(1, z/6 + ½)).
    case hardSwish
    /// z for z > 0, α(eᶻ − 1) otherwise.
    case elu(alpha: Double)
    /// λ z for z > 0, λα(eᶻ − 1) otherwise, with PyTorch's λ and α.
    case selu
    /// max(0, z) + min(0, α(e^{z/α} − 1)), α > 0.
    case celu(alpha: Double)
    /// log(1 + eᶻ).
    case softplus
    /// z / (1 + |z|).
    case softsign
    /// min(max(z, lower), upper), lower ≤ upper (either may be infinite).
    case clip(lower: Double, upper: Double)
    /// z for z > α, 0 otherwise: discontinuous at α unless α = 0.
    case thresholdedReLU(alpha: Double)
    /// z · tanh(softplus(z)).
    case mish

    /// The slope `leaky_relu` has when a file gives none (PyTorch's and ONNX's default).
    public static let defaultLeakySlope = 0.01
    /// ONNX HardSigmoid's defaults (PyTorch's Hardsigmoid is α = 1/6, β = ½).
    public static let defaultHardSigmoid = (alpha: 0.2, beta: 0.5)
    /// The α of `elu`, `celu` and `thresholded_relu` when a file gives none.
    public static let defaultELUAlpha = 1.0
    public static let defaultThresholdAlpha = 1.0
    /// SELU's constants as PyTorch uses them (Klambauer et al. 2017).
    public static let seluScale = 1.0507009873554804934193349852946
    public static let seluAlpha = 1.6732632423543772848170429916717
    /// √(2/π) and the cubic coefficient of the tanh approximation of GELU.
    public static let geluTanhScale = 0.7978845608028653558798921198687
    public static let geluTanhCubic = 0.044715
}

extension Activation: CustomStringConvertible {
    public var description: String { name }
}
