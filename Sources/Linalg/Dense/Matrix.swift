/// A dense real matrix, stored column-major in one contiguous buffer.
///
/// Element (i, j) lives at `storage[i + j * rows]`, the layout BLAS and LAPACK expect, so
/// every routine in this module passes the buffer to OpenBLAS without a copy. A NumPy array of
/// shape (m, p) in C order is, byte for byte, the column-major p × m matrix: importers use that
/// to read sample-per-row data without transposing.
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    /// Column-major elements, `rows * cols` of them.
    public var storage: [Double]

    /// A `rows × cols` matrix filled with `value`.
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && cols >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.cols = cols
        self.storage = [Double](repeating: value, count: rows * cols)
    }

    /// A matrix over an existing column-major buffer.
    public init(rows: Int, cols: Int, columnMajor: [Double]) {
        precondition(rows >= 0 && cols >= 0 && columnMajor.count == rows * cols,
                     "buffer of \(columnMajor.count) elements does not hold \(rows)×\(cols)")
        self.rows = rows
        self.cols = cols
        self.storage = columnMajor
    }

    /// A matrix from a row-major buffer (C order), transposed into column-major storage once.
    public init(rows: Int, cols: Int, rowMajor: [Double]) {
        precondition(rowMajor.count == rows * cols,
                     "buffer of \(rowMajor.count) elements does not hold \(rows)×\(cols)")
        let transposed = Matrix(rows: cols, cols: rows, columnMajor: rowMajor)
        self = transposed.transposed()
    }

    /// A matrix from nested rows; every row must have the same length.
    public init(_ nestedRows: [[Double]]) {
        let rowCount = nestedRows.count
        let colCount = nestedRows.first?.count ?? 0
        precondition(nestedRows.allSatisfy { $0.count == colCount }, "ragged rows")
        self.init(rows: rowCount, cols: colCount)
        for (i, row) in nestedRows.enumerated() {
            for (j, value) in row.enumerated() { storage[i + j * rowCount] = value }
        }
    }

    /// The n × n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0..<n { m.storage[i + i * n] = 1 }
        return m
    }

    /// A column vector (n × 1).
    public init(column: [Double]) {
        self.init(rows: column.count, cols: 1, columnMajor: column)
    }

    @inlinable
    public subscript(row: Int, col: Int) -> Double {
        get { storage[row + col * rows] }
        set { storage[row + col * rows] = newValue }
    }

    public var count: Int { rows * cols }
    public var isEmpty: Bool { rows == 0 || cols == 0 }
    public var isSquare: Bool { rows == cols }

    /// The elements in row-major (C) order, as NumPy and our text formats store them.
    public var rowMajor: [Double] { transposed().storage }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] { (0..<cols).map { self[i, $0] } }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] { Array(storage[(j * rows)..<((j + 1) * rows)]) }

    /// Rows as nested arrays, for text formats.
    public var nestedRows: [[Double]] { (0..<rows).map { row($0) } }

    /// True when every element is exactly zero.
    public var isZero: Bool { storage.allSatisfy { $0 == 0 } }

    /// True when every element is finite (no NaN, no ±Inf).
    ///
    /// An element is not finite exactly when its exponent bits are all ones; adding one unit of
    /// the exponent's lowest bit to the masked exponent then carries into the sign bit. An OR of
    /// those sums over the buffer is a reduction the compiler vectorizes (a closure per element
    /// cost a tenth of converting a 60 M-parameter network).
    public var isFinite: Bool {
        let exponent: UInt64 = 0x7FF0_0000_0000_0000, lowestExponentBit: UInt64 = 0x0010_0000_0000_0000
        return storage.withUnsafeBufferPointer { values in
            values.withMemoryRebound(to: UInt64.self) { bits in
                var flags: UInt64 = 0
                for b in bits { flags |= (b & exponent) &+ lowestExponentBit }
                return flags & (1 << 63) == 0
            }
        }
    }

    /// The largest absolute element (0 for an empty matrix).
    public var maxAbs: Double { storage.reduce(0) { Swift.max($0, Swift.abs($1)) } }

    /// Elementwise absolute values.
    public var absoluteValues: Matrix {
        Matrix(rows: rows, cols: cols, columnMajor: storage.map { Swift.abs($0) })
    }

    /// The submatrix of the given rows and columns (any order, repeats allowed).
    public func submatrix(rows rowIndices: [Int], cols colIndices: [Int]) -> Matrix {
        var result = Matrix(rows: rowIndices.count, cols: colIndices.count)
        for (jj, j) in colIndices.enumerated() {
            let base = j * rows
            for (ii, i) in rowIndices.enumerated() { result.storage[ii + jj * rowIndices.count] = storage[base + i] }
        }
        return result
    }

    /// Contiguous columns `range`, copied.
    public func columns(_ range: Range<Int>) -> Matrix {
        Matrix(rows: rows, cols: range.count,
               columnMajor: Array(storage[(range.lowerBound * rows)..<(range.upperBound * rows)]))
    }

    /// Contiguous rows `range`, copied.
    public func rows(_ range: Range<Int>) -> Matrix {
        submatrix(rows: Array(range), cols: Array(0..<cols))
    }

    /// Writes `block` with its top-left corner at (row, col).
    public mutating func setBlock(_ block: Matrix, atRow row: Int, col: Int) {
        precondition(row + block.rows <= rows && col + block.cols <= cols, "block does not fit")
        for j in 0..<block.cols {
            let dst = row + (col + j) * rows
            let src = j * block.rows
            for i in 0..<block.rows { storage[dst + i] = block.storage[src + i] }
        }
    }

    /// Stacks matrices vertically; all must have the same number of columns.
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
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        nestedRows.map { $0.map { String($0) }.joined(separator: " ") }.joined(separator: "\n")
    }
}
