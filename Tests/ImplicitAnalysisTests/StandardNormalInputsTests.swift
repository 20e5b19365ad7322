import Foundation
import Testing
import ImplicitAnalysis
import ImplicitModel
import Linalg

/// The N(0, 1) verification inputs of `prune --verify N` without a box: the documented
/// Box–Muller recipe, replayed here from the generator's raw 64-bit draws, and the moments of a
/// standard normal.
@Suite struct StandardNormalInputsTests {
    /// The recipe of docs/pruning.md written out: per entry, sample by sample, feature by feature,
    /// t = (next() >> 11)·2⁻⁵³ twice, z = √(−2 ln(1 − t₁))·cos(2π t₂).
    static func replay(features: Int, count: Int, seed: UInt64) -> [[Double]] {
        var raw = SplitMix64(seed: seed)
        func unit() -> Double { Double(raw.next() >> 11) / 9_007_199_254_740_992 }
        return (0..<count).map { _ in
            (0..<features).map { _ in
                let t1 = unit(), t2 = unit()
                return sqrt(-2 * log(1 - t1)) * cos(2 * .pi * t2)
            }
        }
    }

    @Test func samplesFollowTheDocumentedRecipeBitForBit() throws {
        let samples = try StandardNormalInputs.samples(features: 3, count: 40, seed: 0x1D_EA5E)
        #expect(samples.rows == 3 && samples.cols == 40)
        let expected = Self.replay(features: 3, count: 40, seed: 0x1D_EA5E)
        for j in 0..<40 { for i in 0..<3 { #expect(samples[i, j] == expected[j][i]) } }
        #expect(try StandardNormalInputs.samples(features: 3, count: 40, seed: 2) != samples)
    }

    /// 30 000 draws: the sample mean is within 4 standard errors (4/√n) of 0 and the sample
    /// variance within 4·√(2/n) of 1 (the standard error of s² for a normal); the chance that a
    /// correct sampler fails either is below 10⁻⁴.
    @Test func momentsAreThoseOfAStandardNormal() throws {
        let n = 30_000
        let samples = try StandardNormalInputs.samples(features: 1, count: n, seed: 11)
        let values = (0..<n).map { samples[0, $0] }
        #expect(values.allSatisfy { $0.isFinite })
        let mean = values.reduce(0, +) / Double(n)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
        #expect(abs(mean) < 4 / sqrt(Double(n)))
        #expect(abs(variance - 1) < 4 * sqrt(2 / Double(n)))
    }

    @Test func noSamplesOrNoFeaturesGiveAnEmptyMatrixAndANegativeCountThrows() throws {
        let none = try StandardNormalInputs.samples(features: 4, count: 0, seed: 1)
        #expect(none.rows == 4 && none.cols == 0)
        let featureless = try StandardNormalInputs.samples(features: 0, count: 3, seed: 1)
        #expect(featureless.rows == 0 && featureless.cols == 3)
        #expect(throws: ReductionError.self) { try StandardNormalInputs.samples(features: 2, count: -1, seed: 1) }
    }
}
