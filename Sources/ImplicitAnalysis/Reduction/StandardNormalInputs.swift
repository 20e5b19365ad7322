import Foundation
import ImplicitModel

/// The verification inputs of `prune --verify N` when no input box is given: every feature
/// drawn independently from the standard normal N(0, 1), the scale most trained networks see
/// after input normalisation.
public enum StandardNormalInputs {
    /// `count` inputs of `features` entries, one sample per column (features × count).
    ///
    /// Box–Muller on `SplitMix64(seed:)`, two draws per entry, sample by sample, feature by
    /// feature: t₁, t₂ = (next() >> 11)·2⁻⁵³ ∈ [0, 1), u₁ = 1 − t₁ ∈ (0, 1], and the entry is
    /// √(−2 ln u₁)·cos(2π t₂). The same seed gives the same inputs on every platform, and NumPy
    /// replays them with uint64 arithmetic (to the last bit of `log` and `cos`).
    /// - Throws: `ReductionError.invalidOption` when `count` or `features` is negative.
    public static func samples(features: Int, count: Int, seed: UInt64) throws -> Matrix {
        guard count >= 0 else { throw ReductionError.invalidOption(name: "sample count", why: "\(count) is negative") }
        guard features >= 0 else { throw ReductionError.invalidOption(name: "features", why: "\(features) is negative") }
        var generator = SplitMix64(seed: seed)
        var samples = Matrix(rows: features, cols: count)
        for j in 0..<count {
            for i in 0..<features {
                let u1 = 1 - generator.nextUnitInterval(), t2 = generator.nextUnitInterval()
                samples[i, j] = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * t2)
            }
        }
        return samples
    }
}
