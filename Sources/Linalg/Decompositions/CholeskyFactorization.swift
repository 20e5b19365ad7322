import CLAPACK

/// A = L Lᵀ for a symmetric positive definite A, from LAPACK's `dpotrf`.
public struct CholeskyFactorization: Sendable {
    /// The lower-triangular factor L (upper triangle zeroed).
    public let lower: Matrix

    /// Factors `a`, reading its lower triangle.
    /// - Returns: nil when A is not positive definite (a leading minor is ≤ 0).
    public init?(_ a: Matrix) throws {
        guard a.isSquare else { throw LinalgError.notSquare(rows: a.rows, cols: a.cols) }
        var f = a.columnMajorElements  // LAPACK overwrites a column-major array: a row-major matrix is transposed into it, once
        let n = a.rows
        if n > 0 {
            let info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, .lapack("L"), Int32(n), &f, Int32(n))
            if info < 0 { throw LinalgError.illegalArgument(routine: "dpotrf", info: Int(info)) }
            if info > 0 { return nil }
        }
        for j in 0..<n { for i in 0..<j { f[i + j * n] = 0 } }
        lower = Matrix(rows: n, cols: n, columnMajor: f)
    }

    /// The smallest diagonal entry of L: a positive margin that a third party can recompute.
    public var smallestPivot: Double {
        (0..<lower.rows).map { lower[$0, $0] }.min() ?? .infinity
    }
}
