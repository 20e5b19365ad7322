import Foundation

/// The values φ takes: over all of ℝ, at ±∞, and over an interval (interval bound propagation,
/// dead-state detection).
extension Activation {
    /// Relative error bound of our evaluation of a transcendental φ: libm's exp, expm1, log1p,
    /// tanh and erf are within 1–2 ulps and each activation composes at most six rounded
    /// operations, so 16 ulps (plus the smallest normal, for values near zero) covers it.
    public static let evaluationErrorBound = 16 * Double.ulpOfOne

    /// The minimiser z* and minimum φ(z*) of the activations that decrease and then increase
    /// (GELU, SiLU, Swish, Mish, Hardswish, leaky ReLU and ELU with α < 0), nil for the others. Smooth
    /// minima computed to 30 digits with mpmath and stored rounded down by `slopeMargin`.
    public var minimum: (argument: Double, value: Double)? {
        switch self {
        case .gelu: return (-0.751791524693564457, -0.169971207479903662 - Self.slopeMargin)
        case .geluTanh: return (-0.752461422071016258, -0.170040750571254051 - Self.slopeMargin)
        case .silu: return (-1.2784645427610738, -0.278464542761073795 - Self.slopeMargin)
        case .swish(let beta): return (-1.2784645427610738 / beta, -0.278464542761073795 / beta - Self.slopeMargin)
        case .mish: return (-1.19243121451549521, -0.308843413017250407 - Self.slopeMargin)
        case .hardSwish: return (-1.5, -0.375)
        case .leakyReLU(let alpha) where alpha < 0: return (0, 0)
        case .elu(let alpha) where alpha < 0: return (0, 0)
        default: return nil
        }
    }

    /// lim φ(z) as z → −∞ (`below`) and z → +∞ (`above`).
    public var limits: (below: Double, above: Double) {
        switch self {
        case .relu, .gelu, .geluTanh, .silu, .swish, .hardSwish, .softplus, .mish, .thresholdedReLU: return (0, .infinity)
        case .leakyReLU(let alpha): return (alpha > 0 ? -.infinity : (alpha == 0 ? 0 : .infinity), .infinity)
        case .tanh, .softsign: return (-1, 1)
        case .sigmoid: return (0, 1)
        case .identity: return (-.infinity, .infinity)
        case .hardSigmoid(let alpha, let beta):
            if alpha == 0 { let v = Swift.max(0, Swift.min(1, beta)); return (v, v) }
            return alpha > 0 ? (0, 1) : (1, 0)
        case .elu(let alpha): return (-alpha, .infinity)
        case .selu: return (-Self.seluScale * Self.seluAlpha, .infinity)
        case .celu(let alpha): return (-alpha, .infinity)
        case .clip(let lower, let upper): return (lower, upper)
        }
    }

    /// The closure of φ(ℝ), the set of values a state can take (relu: [0, ∞), tanh: [−1, 1], …).
    public var valueRange: (lower: Double, upper: Double) {
        let ends = limits
        var lower = Swift.min(ends.below, ends.above), upper = Swift.max(ends.below, ends.above)
        if let minimum { lower = Swift.min(lower, minimum.value) }
        if case .thresholdedReLU(let alpha) = self { lower = Swift.min(0, alpha) }
        return (lower, upper)
    }

    /// φ at a possibly infinite argument: the limit there, without 0 · ∞ = NaN.
    public func extendedValue(_ z: Double) -> Double {
        if z == -.infinity { return limits.below }
        if z == .infinity { return limits.above }
        return self(z)
    }

    /// φ([lower, upper]): the smallest interval holding φ(z) for every z in [lower, upper].
    ///
    /// Monotone φ: the end points. φ that decreases to its `minimum` and increases after: the end
    /// points and, when z* lies inside, φ(z*). Thresholded ReLU with α < 0: its two pieces.
    /// Transcendental activations are widened by `evaluationErrorBound` each way (and clipped to
    /// `valueRange`), so the interval holds the exact image, not only our rounded values of it.
    public func intervalImage(lower: Double, upper: Double) -> (lower: Double, upper: Double) {
        let a = extendedValue(lower), b = extendedValue(upper)
        var lo = Swift.min(a, b), hi = Swift.max(a, b)
        if let minimum, lower <= minimum.argument, minimum.argument <= upper {
            lo = Swift.min(lo, minimum.value)
        }
        if case .thresholdedReLU(let alpha) = self, alpha < 0 {
            // z ≤ α gives 0; z in (α, u] gives (max(l, α), u].
            lo = .infinity
            hi = -.infinity
            if lower <= alpha { lo = 0; hi = 0 }
            if upper > alpha { lo = Swift.min(lo, Swift.max(lower, alpha)); hi = Swift.max(hi, upper) }
        }
        if isTranscendental {
            let range = valueRange
            let widen = { (v: Double) in Swift.abs(v) * Self.evaluationErrorBound + Double.leastNormalMagnitude }
            if lo.isFinite { lo = Swift.max(lo - widen(lo), range.lower) }
            if hi.isFinite { hi = Swift.min(hi + widen(hi), range.upper) }
        }
        return (lo, hi)
    }

    /// Evaluated through exp, tanh, erf or log1p, so our value is rounded beyond one operation.
    public var isTranscendental: Bool {
        switch self {
        case .relu, .leakyReLU, .identity, .hardSigmoid, .hardSwish, .clip, .thresholdedReLU: return false
        default: return true
        }
    }
}
