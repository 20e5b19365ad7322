extension Matrix {
    /// The column-major elements, read or replaced as a whole. Kept only while callers move to
    /// the layout-aware accessors; every write copies the matrix.
    @available(*, deprecated, message: "use columnMajorElements, withColumnMajorElements, mapElements or subscripts")
    public var storage: [Double] {
        get { columnMajorElements }
        set { self = Matrix(rows: rows, cols: cols, columnMajor: newValue) }
    }
}

extension Float32Matrix {
    @available(*, deprecated, message: "use columnMajorElements or multiply(_:columns:beta:into:)")
    public var storage: [Float] {
        get { columnMajorElements }
        set { self = Float32Matrix(rows: rows, cols: cols, columnMajor: newValue) }
    }
}
