import Foundation
import Linalg

/// The tests' one fixed-seed generator: Linalg's SplitMix64, the generator the analyses use, with
/// draws of test data. Every test that needs random numbers starts one from a fixed seed.
public typealias SeededGenerator = SplitMix64

extension SplitMix64 {
    /// A rows × cols matrix of independent N(0, scale²) entries.
    public mutating func matrix(_ rows: Int, _ cols: Int, scale: Double = 1) -> Matrix {
        Matrix(rows: rows, cols: cols, columnMajor: (0..<(rows * cols)).map { _ in scale * normal() })
    }

    public mutating func vector(_ n: Int, scale: Double = 1) -> [Double] { (0..<n).map { _ in scale * normal() } }

    /// p × m inputs uniform in [lo, hi].
    public mutating func uniform(_ rows: Int, _ cols: Int, lo: Double, hi: Double) -> Matrix {
        Matrix(rows: rows, cols: cols, columnMajor: (0..<(rows * cols)).map { _ in Double.random(in: lo...hi, using: &self) })
    }

    /// Uniform in [lo, hi]: lo + (hi − lo)·U with U = `nextUnitInterval()` in [0, 1).
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUnitInterval()
    }

    /// An integer uniform in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// Uniform in [−1, 1): 2·U − 1 with U = `nextUnitInterval()`, exact in binary (U has 53 bits).
    public mutating func signedUnit() -> Double { 2 * nextUnitInterval() - 1 }

    /// A rows × cols matrix of entries uniform in [−1, 1) rounded to float32, so that ONNX's
    /// float tensors hold them exactly and an import reads back the very numbers written.
    public mutating func float32Matrix(_ rows: Int, _ cols: Int) -> Matrix {
        Matrix(rows: rows, cols: cols, columnMajor: float32Vector(rows * cols))
    }

    /// n entries uniform in [−1, 1) rounded to float32 (see `float32Matrix`).
    public mutating func float32Vector(_ n: Int) -> [Double] { (0..<n).map { _ in Double(Float(signedUnit())) } }

    /// `float32Matrix(rows, cols)` drawn by a generator started from `seed`: fixed sample inputs.
    public static func float32Matrix(_ rows: Int, _ cols: Int, seed: UInt64) -> Matrix {
        var generator = SplitMix64(seed: seed)
        return generator.float32Matrix(rows, cols)
    }
}
