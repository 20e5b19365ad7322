extension Matrix {
    /// The columns `indices` (any order), copied into a rows × indices.count matrix.
    public func gatheringColumns(_ indices: [Int]) -> Matrix {
        var result = Matrix(rows: rows, cols: indices.count)
        let n = rows
        storage.withUnsafeBufferPointer { src in
            result.storage.withUnsafeMutableBufferPointer { dst in
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
        let n = rows
        source.storage.withUnsafeBufferPointer { src in
            storage.withUnsafeMutableBufferPointer { dst in
                for (k, j) in indices.enumerated() {
                    precondition(j >= 0 && j < cols, "column \(j) of \(cols)")
                    (dst.baseAddress! + j * n).update(from: src.baseAddress! + k * n, count: n)
                }
            }
        }
    }

    /// Column j, to be read in place.
    public func withColumn<R>(_ j: Int, _ body: (UnsafeBufferPointer<Double>) -> R) -> R {
        precondition(j >= 0 && j < cols, "column \(j) of \(cols)")
        return storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[(j * rows)..<((j + 1) * rows)])) }
    }

    /// Column j, to be written in place.
    public mutating func withMutableColumn<R>(_ j: Int, _ body: (UnsafeMutableBufferPointer<Double>) -> R) -> R {
        precondition(j >= 0 && j < cols, "column \(j) of \(cols)")
        let n = rows
        return storage.withUnsafeMutableBufferPointer { body(UnsafeMutableBufferPointer(rebasing: $0[(j * n)..<((j + 1) * n)])) }
    }
}
