/// Whole-buffer access and elementwise operations, for code that treats a matrix as its
/// elements (parameter vectors, losses, interval arithmetic) without knowing its layout.
extension Matrix {
    /// The elements in column-major order, to be read in place: the buffer itself when the
    /// matrix is column-major, otherwise a column-major copy made for the call.
    public func withColumnMajorElements<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        if layout == .columnMajor { return try elements.withUnsafeBufferPointer(body) }
        return try relaidElements().withUnsafeBufferPointer(body)
    }

    /// The elements in column-major order, to be rewritten in place through a pointer. A
    /// row-major matrix is converted to column-major first, once, and stays so.
    public mutating func withMutableColumnMajorElements<R>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        convert(to: .columnMajor)
        return try elements.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// The elements in column-major order as an array to be rewritten in place (`body` must keep
    /// their count), for kernels written over `inout [Double]`. Converts a row-major matrix to
    /// column-major first, once.
    public mutating func updateColumnMajorElements<R>(_ body: (inout [Double]) throws -> R) rethrows -> R {
        convert(to: .columnMajor)
        let count = self.count
        defer { precondition(elements.count == count, "the element count changed from \(count) to \(elements.count)") }
        return try body(&elements)
    }

    /// Element k in column-major order, (k mod rows, k div rows): for code that walks a matrix
    /// as a flat vector of parameters (packing, finite differences) whatever its layout.
    public subscript(columnMajorIndex k: Int) -> Double {
        get { self[k % rows, k / rows] }
        set { self[k % rows, k / rows] = newValue }
    }

    /// f applied to every element, in the same layout.
    public func mapElements(_ f: (Double) throws -> Double) rethrows -> Matrix {
        Matrix(rows: rows, cols: cols, layout: layout, elements: try elements.map(f))
    }

    /// f(a_ij, b_ij) for every element of two matrices of one shape, column-major unless both
    /// share another layout.
    public static func combiningElements(_ a: Matrix, _ b: Matrix, _ f: (Double, Double) throws -> Double) rethrows -> Matrix {
        precondition(a.rows == b.rows && a.cols == b.cols, "elementwise shapes differ: \(a.rows)×\(a.cols) and \(b.rows)×\(b.cols)")
        let layout = a.layout == b.layout ? a.layout : .columnMajor
        let x = a.inLayout(layout).elements, y = b.inLayout(layout).elements
        var out = [Double]()
        out.reserveCapacity(x.count)
        for k in x.indices { out.append(try f(x[k], y[k])) }
        return Matrix(rows: a.rows, cols: a.cols, layout: layout, elements: out)
    }

    /// True when `predicate` holds for every element.
    public func allElementsSatisfy(_ predicate: (Double) throws -> Bool) rethrows -> Bool {
        try forEachElement(while: predicate)
    }

    /// The number of nonzero elements, counting stops once `limit` are seen.
    public func nonzeroCount(stoppingAt limit: Int = .max) -> Int {
        var n = 0
        _ = forEachElement { value in
            if value != 0 { n += 1 }
            return n < limit
        }
        return n
    }

    /// Σ a_ij², summed in column-major order whatever the layout (so the rounding, and
    /// `normFrobenius`, do not depend on how the matrix was read).
    public var sumOfSquares: Double { columnMajorSum { $0 * $0 } }

    /// Σ |a_ij|, in column-major order.
    public var sumOfMagnitudes: Double { columnMajorSum { Swift.abs($0) } }

    private func columnMajorSum(_ term: (Double) -> Double) -> Double {
        let values = elements
        if layout == .columnMajor { return values.reduce(0) { $0 + term($1) } }
        var sum = 0.0
        for j in 0..<cols {
            for i in 0..<rows { sum += term(values[i * cols + j]) }
        }
        return sum
    }

    /// The first element, in column-major order (sample by sample for a batch with one sample
    /// per column), that is NaN or infinite; nil when all are finite.
    public var firstNonFiniteElement: (row: Int, col: Int)? {
        guard !isFinite else { return nil }
        for j in 0..<cols {
            for i in 0..<rows where !self[i, j].isFinite { return (i, j) }
        }
        return nil
    }

    /// Where the elements are stored, to tell a copy not yet written to (which shares its
    /// buffer) from new numbers. Only compared, never dereferenced.
    public var storageIdentity: UnsafeRawPointer? {
        if let narrow = float32Elements { return narrow.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) } }
        return float64Elements.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
    }
}
