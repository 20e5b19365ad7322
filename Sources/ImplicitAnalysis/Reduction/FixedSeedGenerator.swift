/// SplitMix64 (Steele, Lea, Flood 2014): a small fixed-seed generator, so that verification
/// inputs drawn "at random" are the same on every run and platform and can be reproduced in
/// NumPy with uint64 arithmetic.
public struct FixedSeedGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// The seed used when none is given.
    public static let defaultSeed: UInt64 = 0x1D_EA5E

    public init(seed: UInt64 = FixedSeedGenerator.defaultSeed) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double in [0, 1): the top 53 bits of `next()` times 2⁻⁵³.
    public mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
