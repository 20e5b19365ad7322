import Foundation
import Linalg

/// xorshift64* with a fixed seed, independent of the analysis' own generator: reproducible test data.
public struct TestGenerator {
    public var state: UInt64

    public init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }

    public mutating func nextBits() -> UInt64 {
        state ^= state >> 12; state ^= state << 25; state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Double { Double(nextBits() >> 11) / Double(UInt64(1) << 53) }

    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }

    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(nextBits() % UInt64(range.count))
    }

    public mutating func normal() -> Double {
        let u1 = max(uniform(), 1e-300), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    public mutating func matrix(rows: Int, cols: Int, scale: Double = 1) -> Matrix {
        var m = Matrix(rows: rows, cols: cols)
        for j in 0..<cols { for i in 0..<rows { m[i, j] = scale * normal() } }
        return m
    }
}
