import ImplicitModel

extension ProtobufModelReader {
    /// A matrix of the expected shape, from dense (row-major) or sparse (COO) storage.
    ///
    /// Every count is checked against the shape before anything is allocated; a sparse matrix
    /// reserves its full `rows × cols` from the implied-element budget first.
    /// - Throws: `FormatError` at `path` (extended with `.dense` / `.sparse` and the field).
    func matrix(_ message: Implicit_V1_Matrix, isSet: Bool, rows: Int, cols: Int, path: String,
                budget: MemoryBudget) throws -> Matrix {
        guard isSet else { throw error(path, "missing") }
        switch message.storage {
        case .dense(let dense):
            let here = path + ".dense"
            try checkShape(dense.rows, dense.cols, rows: rows, cols: cols, path: here)
            guard dense.values.count == rows * cols else {
                throw error(here + ".values", "has \(dense.values.count) values, expected \(rows)×\(cols) = \(rows * cols)")
            }
            if let i = dense.values.firstIndex(where: { !$0.isFinite }) {
                throw error("\(here).values[\(i)]", "is not finite")
            }
            return Matrix(rows: rows, cols: cols, rowMajor: dense.values)
        case .sparse(let sparse):
            let here = path + ".sparse"
            try checkShape(sparse.rows, sparse.cols, rows: rows, cols: cols, path: here)
            let count = sparse.values.count
            guard sparse.rowIndices.count == count, sparse.colIndices.count == count else {
                throw error(here, "row_indices, col_indices and values have \(sparse.rowIndices.count), \(sparse.colIndices.count) and \(count) entries; they must be equal")
            }
            try reserve(.matrix(rows: rows, cols: cols), from: budget, at: here)
            var m = Matrix(rows: rows, cols: cols)
            var seen = Set<Int>(minimumCapacity: count)
            for k in 0..<count {
                let (i, j, v) = (sparse.rowIndices[k], sparse.colIndices[k], sparse.values[k])
                guard i < UInt64(rows) else { throw error("\(here).row_indices[\(k)]", "row \(i) is out of range 0..<\(rows)") }
                guard j < UInt64(cols) else { throw error("\(here).col_indices[\(k)]", "column \(j) is out of range 0..<\(cols)") }
                guard v.isFinite else { throw error("\(here).values[\(k)]", "is not finite") }
                guard seen.insert(Int(i) + Int(j) * rows).inserted else {
                    throw error("\(here).values[\(k)]", "entry (\(i), \(j)) is given twice")
                }
                m[Int(i), Int(j)] = v
            }
            return m
        case nil:
            throw error(path, "has neither dense nor sparse storage")
        }
    }

    private func checkShape(_ fileRows: UInt64, _ fileCols: UInt64, rows: Int, cols: Int, path: String) throws {
        guard fileRows == UInt64(rows), fileCols == UInt64(cols) else {
            throw error(path, "is \(fileRows)×\(fileCols), expected \(rows)×\(cols)")
        }
    }
}
