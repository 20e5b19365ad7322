import CLAPACK

/// A = U Σ Vᵀ from LAPACK's divide-and-conquer `dgesdd` (thin: U is m×k, Vᵀ is k×n, k = min(m, n)).
public struct SingularValueDecomposition: Sendable {
    public let u: Matrix
    /// Singular values, descending.
    public let values: [Double]
    public let vt: Matrix

    public init(_ a: Matrix) throws {
        let m = a.rows, n = a.cols, k = Swift.min(m, n)
        guard k > 0 else {
            u = Matrix(rows: m, cols: 0); values = []; vt = Matrix(rows: 0, cols: n); return
        }
        var work = a.columnMajorElements  // LAPACK overwrites a column-major array: a row-major matrix is transposed into it, once
        var s = [Double](repeating: 0, count: k)
        var uStore = [Double](repeating: 0, count: m * k)
        var vtStore = [Double](repeating: 0, count: k * n)
        let info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, .lapack("S"), Int32(m), Int32(n), &work, Int32(m),
                                  &s, &uStore, Int32(m), &vtStore, Int32(k))
        try LinalgError.check(info, "dgesdd")
        u = Matrix(rows: m, cols: k, columnMajor: uStore)
        values = s
        vt = Matrix(rows: k, cols: n, columnMajor: vtStore)
    }
}

extension Matrix {
    /// The singular values, descending, from `dgesdd` without vectors.
    public func singularValues() throws -> [Double] {
        let k = Swift.min(rows, cols)
        guard k > 0 else { return [] }
        var work = columnMajorElements  // LAPACK overwrites a column-major array: a row-major matrix is transposed into it, once
        var s = [Double](repeating: 0, count: k)
        var dummyU = [Double](repeating: 0, count: 1)
        var dummyVt = [Double](repeating: 0, count: 1)
        let info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, .lapack("N"), Int32(rows), Int32(cols), &work,
                                  Int32(rows), &s, &dummyU, 1, &dummyVt, 1)
        try LinalgError.check(info, "dgesdd")
        return s
    }
}
