import Foundation
import ImplicitModel

/// SplitMix64 with normal and matrix draws, for reproducible reduction tests (its own name, so
/// that it cannot clash with other helpers in this test target).
struct ReductionRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func normal() -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    mutating func matrix(_ rows: Int, _ cols: Int, scale: Double = 1) -> Matrix {
        Matrix(rows: rows, cols: cols, columnMajor: (0..<(rows * cols)).map { _ in scale * normal() })
    }

    mutating func vector(_ n: Int, scale: Double = 1) -> [Double] { (0..<n).map { _ in scale * normal() } }

    /// p × m inputs uniform in [lo, hi].
    mutating func uniform(_ rows: Int, _ cols: Int, lo: Double, hi: Double) -> Matrix {
        Matrix(rows: rows, cols: cols, columnMajor: (0..<(rows * cols)).map { _ in Double.random(in: lo...hi, using: &self) })
    }
}

/// max |a − b| over all entries.
func maxDifference(_ a: Matrix, _ b: Matrix) -> Double {
    precondition(a.rows == b.rows && a.cols == b.cols)
    return zip(a.storage, b.storage).reduce(0) { max($0, abs($1.0 - $1.1)) }
}
