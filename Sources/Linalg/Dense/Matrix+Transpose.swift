extension Matrix {
    /// The transpose, copied into a new column-major buffer (`TransposeKernel`: panels of
    /// sequential reads, whole cache lines written).
    public func transposed() -> Matrix {
        var result = Matrix(rows: cols, cols: rows)
        guard rows > 0, cols > 0 else { return result }
        storage.withUnsafeBufferPointer { src in
            result.storage.withUnsafeMutableBufferPointer { dst in
                TransposeKernel.runParallel(.float64, src: UnsafeRawPointer(src.baseAddress!), lds: rows,
                                    dst: dst.baseAddress!, ldd: cols, rowCount: cols, colCount: rows)
            }
        }
        return result
    }
}
