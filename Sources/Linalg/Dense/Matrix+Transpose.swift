extension Matrix {
    /// The transpose, copied into a new column-major buffer (`TransposeKernel`: panels of
    /// sequential reads, whole cache lines written).
    public func transposed() -> Matrix {
        guard rows > 0, cols > 0 else { return Matrix(rows: cols, cols: rows) }
        let result = storage.withUnsafeBufferPointer { src in
            [Double](unsafeUninitializedCapacity: rows * cols) { dst, initialized in
                TransposeKernel.runParallel(.float64, src: UnsafeRawPointer(src.baseAddress!), lds: rows,
                                            dst: dst.baseAddress!, ldd: cols, rowCount: cols, colCount: rows)
                initialized = rows * cols
            }
        }
        return Matrix(rows: cols, cols: rows, columnMajor: result)
    }
}
