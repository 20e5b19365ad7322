import Linalg

/// Elementwise comparison |a − b| ≤ atol + rtol·|b|, NumPy's `allclose`.
enum TestTolerance {
    static func close(_ a: Matrix, _ b: Matrix, rtol: Double, atol: Double) -> Bool {
        guard a.rows == b.rows, a.cols == b.cols else { return false }
        return zip(a.columnMajorElements, b.columnMajorElements).allSatisfy { abs($0 - $1) <= atol + rtol * abs($1) }
    }

    /// The largest |a − b|, or a shape mismatch, for failure messages.
    static func worst(_ a: Matrix, _ b: Matrix) -> String {
        guard a.rows == b.rows, a.cols == b.cols else { return "shapes \(a.rows)×\(a.cols) vs \(b.rows)×\(b.cols)" }
        return "max |Δ| = \(zip(a.columnMajorElements, b.columnMajorElements).map { abs($0 - $1) }.max() ?? 0)"
    }
}
