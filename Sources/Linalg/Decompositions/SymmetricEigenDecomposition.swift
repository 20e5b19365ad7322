import CLAPACK

extension Matrix {
    /// The eigenvalues of a symmetric matrix, ascending, from LAPACK's `dsyevd`.
    ///
    /// Only the lower triangle is read; the caller symmetrizes when it means (A + Aᵀ)/2.
    /// - Throws: `LinalgError.notSquare`, or a breakdown when the QR iteration fails to converge.
    public func symmetricEigenvalues() throws -> [Double] {
        guard isSquare else { throw LinalgError.notSquare(rows: rows, cols: cols) }
        guard rows > 0 else { return [] }
        var work = columnMajorElements  // LAPACK overwrites a column-major array: a row-major matrix is transposed into it, once
        var w = [Double](repeating: 0, count: rows)
        let info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, .lapack("N"), .lapack("L"), Int32(rows), &work,
                                  Int32(rows), &w)
        try LinalgError.check(info, "dsyevd")
        return w
    }

    /// (A + Aᵀ) / 2.
    public var symmetricPart: Matrix {
        var s = self
        s.add(transposed())
        s.scale(by: 0.5)
        return s
    }
}
