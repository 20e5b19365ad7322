extension Matrix {
    /// [M₁; M₂; …]: matrices of `cols` columns one above the other.
    public static func verticallyStacked(_ parts: [Matrix], cols: Int) -> Matrix {
        let total = parts.reduce(0) { $0 + $1.rows }
        var result = Matrix(rows: total, cols: cols)
        var offset = 0
        for part in parts {
            precondition(part.cols == cols, "cannot stack \(part.cols) columns onto \(cols)")
            result.setBlock(part, atRow: offset, col: 0)
            offset += part.rows
        }
        return result
    }

    /// [M₁ M₂ …]: matrices of `rows` rows side by side.
    public static func horizontallyJoined(_ parts: [Matrix], rows: Int) -> Matrix {
        var joined = Matrix(rows: rows, cols: parts.reduce(0) { $0 + $1.cols })
        var col = 0
        for part in parts {
            precondition(part.rows == rows, "cannot join \(part.rows) rows beside \(rows)")
            joined.setBlock(part, atRow: 0, col: col)
            col += part.cols
        }
        return joined
    }
}
