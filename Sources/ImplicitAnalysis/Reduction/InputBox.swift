import ImplicitModel

/// A box of inputs, u ∈ [lower, upper] feature by feature: the region over which dead units are
/// proven dead and from which random verification inputs are drawn.
public struct InputBox: Sendable, Equatable {
    /// One lower bound per input feature.
    public let lower: [Double]
    /// One upper bound per input feature, each ≥ its lower bound.
    public let upper: [Double]

    /// A box with per-feature bounds.
    /// - Throws: `ReductionError.invalidBox` when the lengths differ, a bound is NaN, or lower > upper.
    public init(lower: [Double], upper: [Double]) throws {
        guard lower.count == upper.count else {
            throw ReductionError.invalidBox(why: "\(lower.count) lower and \(upper.count) upper bounds")
        }
        for (i, (lo, hi)) in zip(lower, upper).enumerated() {
            guard !lo.isNaN, !hi.isNaN, lo <= hi, lo < .infinity, hi > -.infinity else {
                throw ReductionError.invalidBox(why: "feature \(i) has the empty or invalid interval [\(lo), \(hi)]")
            }
        }
        self.lower = lower
        self.upper = upper
    }

    /// The same interval [lo, hi] for each of `features` inputs (`--box lo,hi`).
    /// - Throws: `ReductionError.invalidBox` when lo > hi or either is NaN.
    public init(lo: Double, hi: Double, features: Int) throws {
        try self.init(lower: [Double](repeating: lo, count: features), upper: [Double](repeating: hi, count: features))
    }

    /// The smallest box holding every sample: per-feature minimum and maximum over the columns
    /// of `samples` (p × m, one sample per column, as models take them).
    /// - Throws: `ReductionError.invalidBox` when there are no samples or a sample is not finite.
    public init(enclosing samples: Matrix) throws {
        guard samples.cols > 0 else { throw ReductionError.invalidBox(why: "no samples to take bounds from") }
        guard samples.isFinite else { throw ReductionError.invalidBox(why: "the samples contain NaN or infinity") }
        var lo = samples.column(0), hi = lo
        for j in 1..<samples.cols {
            for i in 0..<samples.rows {
                lo[i] = Swift.min(lo[i], samples[i, j])
                hi[i] = Swift.max(hi[i], samples[i, j])
            }
        }
        try self.init(lower: lo, upper: hi)
    }

    /// Number of input features.
    public var features: Int { lower.count }

    /// Whether every column of `samples` lies in the box.
    public func contains(_ samples: Matrix) -> Bool {
        guard samples.rows == features else { return false }
        for j in 0..<samples.cols {
            for i in 0..<features where !(lower[i] <= samples[i, j] && samples[i, j] <= upper[i]) { return false }
        }
        return true
    }

    /// The box restricted to some features, in the order given (for a model whose ignored inputs
    /// were dropped).
    public func selecting(_ features: [Int]) -> InputBox {
        // Sub-intervals of a valid box are valid, so this cannot fail.
        (try? InputBox(lower: features.map { lower[$0] }, upper: features.map { upper[$0] })) ?? self
    }
}
