/// The slope facts lint, the solvers and bounds rest on: the slope interval [σ₋, σ₊], the
/// Lipschitz constant, monotonicity, continuity and the linear pieces.
extension Activation {
    /// Extremes of φ' for the smooth non-monotone activations, computed to 30 digits with mpmath
    /// (φ'' = 0 by bisection; the script is in docs/formats.md) and stored rounded outward by
    /// `slopeMargin`, so every interval below contains the exact one.
    static let slopeMargin = 1e-15
    static let geluSlopes = (low: -0.128904145185154786, high: 1.12890414518515479)
    static let geluTanhSlopes = (low: -0.128993068658771765, high: 1.12899306865877177)
    static let siluSlopes = (low: -0.099839320128866917, high: 1.09983932012886692)
    static let mishSlopes = (low: -0.112526122389462556, high: 1.08849816125172786)

    private static func outward(_ low: Double, _ high: Double) -> ClosedRange<Double> {
        (low - slopeMargin)...(high + slopeMargin)
    }

    /// [σ₋, σ₊]: the closure of the set of values φ' takes (one-sided slopes at kinks included).
    ///
    /// Exact for the piecewise-linear activations and for tanh, sigmoid, ELU, SELU, CELU,
    /// softplus and softsign (whose slopes approach but may not attain the ends); rounded outward
    /// by `slopeMargin` for GELU, SiLU, Swish and Mish. For `swish(β)`, φ'(z) = g(βz) with g the
    /// SiLU slope, so the interval is SiLU's for every β > 0.
    public var slopeRange: ClosedRange<Double> {
        switch self {
        case .relu, .tanh, .softplus, .softsign: return 0...1
        case .leakyReLU(let alpha): return Swift.min(alpha, 1)...Swift.max(alpha, 1)
        case .sigmoid: return 0...0.25
        case .identity: return 1...1
        case .gelu: return Self.outward(Self.geluSlopes.low, Self.geluSlopes.high)
        case .geluTanh: return Self.outward(Self.geluTanhSlopes.low, Self.geluTanhSlopes.high)
        case .silu, .swish: return Self.outward(Self.siluSlopes.low, Self.siluSlopes.high)
        case .mish: return Self.outward(Self.mishSlopes.low, Self.mishSlopes.high)
        case .hardSigmoid(let alpha, _): return Swift.min(0, alpha)...Swift.max(0, alpha)
        case .hardSwish: return -0.5...1.5
        case .elu(let alpha): return Swift.min(0, alpha)...Swift.max(1, alpha)
        case .selu: return 0...(Self.seluScale * Self.seluAlpha)
        case .celu: return 0...1
        case .clip(let lower, let upper): return lower < upper ? 0...1 : 0...0
        case .thresholdedReLU: return 0...1
        }
    }

    /// False only for thresholded ReLU with α ≠ 0, which jumps at α; no slope-based argument
    /// (contraction, P-matrix) applies to it.
    public var isContinuous: Bool {
        if case .thresholdedReLU(let alpha) = self { return alpha == 0 }
        return true
    }

    /// The Lipschitz constant sup |φ'| (∞ for a discontinuous φ).
    public var lipschitzConstant: Double {
        guard isContinuous else { return .infinity }
        let slopes = slopeRange
        return Swift.max(Swift.abs(slopes.lowerBound), Swift.abs(slopes.upperBound))
    }

    /// φ is nondecreasing on ℝ. For continuous φ this is σ₋ ≥ 0; thresholded ReLU with α > 0
    /// jumps upwards and is monotone, with α < 0 it jumps down.
    public var isMonotone: Bool {
        if case .thresholdedReLU(let alpha) = self { return alpha >= 0 }
        return slopeRange.lowerBound >= 0
    }

    /// The slopes (for z ≤ 0, for z > 0) when φ(z) is one slope times z on each side of zero —
    /// ReLU, leaky ReLU and PReLU, identity — the activations the active-set solver and the LCP
    /// analysis handle exactly; nil for every other activation.
    public var kinkSlopes: (below: Double, above: Double)? {
        switch self {
        case .relu: return (0, 1)
        case .leakyReLU(let alpha): return (alpha, 1)
        case .identity: return (1, 1)
        default: return nil
        }
    }

    /// True for the activations with `kinkSlopes` (two linear pieces meeting at 0).
    public var isPiecewiseLinear: Bool { kinkSlopes != nil }
}
