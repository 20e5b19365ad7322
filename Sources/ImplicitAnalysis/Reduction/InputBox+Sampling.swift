import ImplicitModel

extension InputBox {
    /// `count` inputs drawn uniformly from the box, one sample per column (p × count).
    ///
    /// Feature i of a sample is lower_i + (upper_i − lower_i) · t with t uniform in [0, 1) from
    /// `SplitMix64(seed:)`, drawn sample by sample, feature by feature, so the same seed
    /// gives the same inputs on every platform.
    /// - Throws: `ReductionError.invalidBox` when a bound is infinite (no uniform distribution).
    public func uniformSamples(count: Int, seed: UInt64) throws -> Matrix {
        guard count >= 0 else { throw ReductionError.invalidOption(name: "sample count", why: "\(count) is negative") }
        guard lower.allSatisfy(\.isFinite), upper.allSatisfy(\.isFinite) else {
            throw ReductionError.invalidBox(why: "random samples need finite bounds")
        }
        var generator = SplitMix64(seed: seed)
        var samples = Matrix(rows: features, cols: count)
        for j in 0..<count {
            for i in 0..<features {
                samples[i, j] = lower[i] + (upper[i] - lower[i]) * generator.nextUnitInterval()
            }
        }
        return samples
    }
}
