import Linalg

/// The tests' fixed-seed generator: SplitMix64, with draws of test data.
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
}
