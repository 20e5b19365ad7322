import CLAPACK

extension Matrix {
    /// The eigenvalues of a general square matrix, from LAPACK's `dgeev` without vectors
    /// (Hessenberg QR, about 10n³ flops).
    /// - Returns: real and imaginary parts, in LAPACK's order (conjugate pairs adjacent).
    /// - Throws: `LinalgError.notSquare`, or a breakdown when the QR iteration does not converge.
    public func eigenvalues() throws -> (real: [Double], imaginary: [Double]) {
        guard isSquare else { throw LinalgError.notSquare(rows: rows, cols: cols) }
        guard rows > 0 else { return ([], []) }
        var work = columnMajorElements  // LAPACK overwrites a column-major array: a row-major matrix is transposed into it, once
        var wr = [Double](repeating: 0, count: rows)
        var wi = [Double](repeating: 0, count: rows)
        var dummyL = [Double](repeating: 0, count: 1)
        var dummyR = [Double](repeating: 0, count: 1)
        let info = LAPACKE_dgeev(LAPACK_COL_MAJOR, .lapack("N"), .lapack("N"), Int32(rows), &work, Int32(rows),
                                 &wr, &wi, &dummyL, 1, &dummyR, 1)
        try LinalgError.check(info, "dgeev")
        return (wr, wi)
    }
}
