extension Matrix {
    /// The transpose, copied into a new column-major buffer with a cache-blocked loop.
    public func transposed() -> Matrix {
        var result = Matrix(rows: cols, cols: rows)
        let tile = 32
        storage.withUnsafeBufferPointer { src in
            result.storage.withUnsafeMutableBufferPointer { dst in
                var j0 = 0
                while j0 < cols {
                    let j1 = Swift.min(j0 + tile, cols)
                    var i0 = 0
                    while i0 < rows {
                        let i1 = Swift.min(i0 + tile, rows)
                        for j in j0..<j1 {
                            for i in i0..<i1 { dst[j + i * cols] = src[i + j * rows] }
                        }
                        i0 = i1
                    }
                    j0 = j1
                }
            }
        }
        return result
    }
}
