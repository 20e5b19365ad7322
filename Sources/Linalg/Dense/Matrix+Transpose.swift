extension Matrix {
    /// The transpose, without a copy: the same buffer read in the other layout (a row-major
    /// r × c buffer is the column-major c × r transpose). BLAS takes it as op(A); LAPACK and the
    /// column-major accessors materialise it when they need columns contiguous.
    public func transposed() -> Matrix {
        if let narrow = float32Elements { return Matrix(rows: cols, cols: rows, layout: layout.flipped, float32Elements: narrow) }
        return Matrix(rows: cols, cols: rows, layout: layout.flipped, elements: float64Elements)
    }
}
