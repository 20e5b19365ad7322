import CLAPACK

/// P A = L U with partial pivoting, from LAPACK's `dgetrf`.
public struct LUFactorization: Sendable {
    /// L (unit lower, implicit diagonal) and U packed as LAPACK returns them.
    public let factors: Matrix
    /// LAPACK's 1-based pivot indices.
    public let pivots: [Int32]
    /// True when some U_ii is exactly zero: the matrix is singular and `solve` must not be used.
    public let isSingular: Bool

    public init(_ a: Matrix) throws {
        guard a.isSquare else { throw LinalgError.notSquare(rows: a.rows, cols: a.cols) }
        var f = a.columnMajorElements  // LAPACK overwrites a column-major array: a row-major matrix is transposed into it, once
        var ipiv = [Int32](repeating: 0, count: Swift.max(1, a.rows))
        var info: Int32 = 0
        if a.rows > 0 {
            info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, Int32(a.rows), Int32(a.rows), &f, Int32(a.rows), &ipiv)
        }
        if info < 0 { throw LinalgError.illegalArgument(routine: "dgetrf", info: Int(info)) }
        factors = Matrix(rows: a.rows, cols: a.rows, columnMajor: f)
        pivots = ipiv
        isSingular = info > 0
    }

    /// det(A) = ± Π U_ii.
    public var determinant: Double {
        var det = 1.0
        for i in 0..<factors.rows {
            det *= factors[i, i]
            if pivots[i] != Int32(i + 1) { det = -det }
        }
        return det
    }

    /// Solves A X = B for every column of B (`dgetrs`).
    /// - Throws: `LinalgError.breakdown` when A is singular.
    public func solve(_ b: Matrix) throws -> Matrix {
        precondition(b.rows == factors.rows, "right-hand side has \(b.rows) rows, expected \(factors.rows)")
        if isSingular { throw LinalgError.breakdown(routine: "dgetrf", info: 1) }
        guard b.rows > 0, b.cols > 0 else { return b }
        var x = b.columnMajorElements
        var f = factors.columnMajorElements
        var ipiv = pivots
        let info = LAPACKE_dgetrs(LAPACK_COL_MAJOR, .lapack("N"), Int32(b.rows), Int32(b.cols), &f,
                                  Int32(b.rows), &ipiv, &x, Int32(b.rows))
        try LinalgError.check(info, "dgetrs")
        return Matrix(rows: b.rows, cols: b.cols, columnMajor: x)
    }

    /// The reciprocal condition number in the 1-norm (`dgecon`), to judge whether a solve is trustworthy.
    public func reciprocalCondition(norm1 anorm: Double) -> Double {
        guard factors.rows > 0, !isSingular else { return isSingular ? 0 : 1 }
        var f = factors.columnMajorElements
        var rcond = 0.0
        let info = LAPACKE_dgecon(LAPACK_COL_MAJOR, .lapack("1"), Int32(factors.rows), &f,
                                  Int32(factors.rows), anorm, &rcond)
        return info == 0 ? rcond : 0
    }
}
