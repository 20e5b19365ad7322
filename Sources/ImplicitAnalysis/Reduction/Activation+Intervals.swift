import ImplicitModel

extension Activation {
    /// The set of values φ can take, as an interval (relu: [0, ∞), tanh: [−1, 1], …).
    var valueRange: (lower: Double, upper: Double) {
        switch self {
        case .relu: return (0, .infinity)
        case .leakyReLU(let alpha): return alpha >= 0 ? (-.infinity, .infinity) : (0, .infinity)
        case .tanh: return (-1, 1)
        case .sigmoid: return (0, 1)
        case .identity: return (-.infinity, .infinity)
        }
    }

    /// φ at a possibly infinite argument, without 0 · ∞ = NaN.
    private func extendedValue(_ z: Double) -> Double {
        if case .leakyReLU(let alpha) = self, z == -.infinity {
            return alpha == 0 ? 0 : (alpha > 0 ? -.infinity : .infinity)
        }
        return self(z)
    }

    /// φ([lower, upper]): the interval of φ(z) over z in [lower, upper].
    ///
    /// Every activation we have is either nondecreasing or (leaky ReLU with α < 0) decreasing
    /// below 0 and increasing above, so the image is spanned by the end points and, when the
    /// interval holds 0, by φ(0). Smooth activations are widened by one ulp each way to cover the
    /// rounding of `tanh` and `exp`.
    func intervalImage(lower: Double, upper: Double) -> (lower: Double, upper: Double) {
        let a = extendedValue(lower), b = extendedValue(upper)
        var lo = Swift.min(a, b), hi = Swift.max(a, b)
        if lower <= 0, upper >= 0 {
            lo = Swift.min(lo, valueAtZero)
            hi = Swift.max(hi, valueAtZero)
        }
        if !isPiecewiseLinear {
            let range = valueRange
            lo = Swift.max(lo.nextDown, range.lower)
            hi = Swift.min(hi.nextUp, range.upper)
        }
        return (lo, hi)
    }
}
