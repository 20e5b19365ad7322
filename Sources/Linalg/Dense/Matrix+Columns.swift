extension Matrix {
    /// The columns `indices` (any order), copied into a rows × indices.count column-major matrix.
    public func gatheringColumns(_ indices: [Int]) -> Matrix {
        guard layout == .columnMajor else { return submatrix(rows: Array(0..<rows), cols: indices) }
        var result = Matrix(rows: rows, cols: indices.count)
        let n = rows
        elements.withUnsafeBufferPointer { src in
            result.elements.withUnsafeMutableBufferPointer { dst in
                for (k, j) in indices.enumerated() {
                    precondition(j >= 0 && j < cols, "column \(j) of \(cols)")
                    (dst.baseAddress! + k * n).update(from: src.baseAddress! + j * n, count: n)
                }
            }
        }
        return result
    }

    /// Column k of `source` written over column indices[k], for every k.
    public mutating func scatterColumns(_ indices: [Int], from source: Matrix) {
        precondition(source.rows == rows && source.cols == indices.count, "scatter shapes differ")
        guard layout == .columnMajor, source.layout == .columnMajor else {
            for (k, j) in indices.enumerated() {
                precondition(j >= 0 && j < cols, "column \(j) of \(cols)")
                for i in 0..<rows { self[i, j] = source[i, k] }
            }
            return
        }
        let n = rows, columnCount = cols
        source.elements.withUnsafeBufferPointer { src in
            elements.withUnsafeMutableBufferPointer { dst in
                for (k, j) in indices.enumerated() {
                    precondition(j >= 0 && j < columnCount, "column \(j) of \(columnCount)")
                    (dst.baseAddress! + j * n).update(from: src.baseAddress! + k * n, count: n)
                }
            }
        }
    }

    /// Column j, to be read in place (a row-major matrix lends a copy of it).
    public func withColumn<R>(_ j: Int, _ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        precondition(j >= 0 && j < cols, "column \(j) of \(cols)")
        guard layout == .columnMajor, storage == .float64 else { return try column(j).withUnsafeBufferPointer(body) }
        return try float64Elements.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[(j * rows)..<((j + 1) * rows)])) }
    }

    /// Column j, to be written in place. A row-major matrix is converted to column-major first,
    /// once, and stays so.
    public mutating func withMutableColumn<R>(_ j: Int, _ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        precondition(j >= 0 && j < cols, "column \(j) of \(cols)")
        convert(to: .columnMajor)
        let n = rows
        return try elements.withUnsafeMutableBufferPointer { try body(UnsafeMutableBufferPointer(rebasing: $0[(j * n)..<((j + 1) * n)])) }
    }

    /// Overwrites column j with `values` (rows of them).
    public mutating func setColumn(_ j: Int, to values: [Double]) {
        precondition(values.count == rows, "\(values.count) values for a column of \(rows)")
        let n = rows
        withMutableColumn(j) { column in
            for i in 0..<n { column[i] = values[i] }
        }
    }
}
