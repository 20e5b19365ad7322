/// A dense real matrix in one contiguous buffer, column-major or row-major (`MatrixLayout`).
///
/// Element (i, j) lives at `i + j · rows` (column-major) or `i · cols + j` (row-major). The layout
/// is part of the value and invisible to its meaning: equality, subscripts, norms, rows and
/// columns are those of the matrix whatever its layout. BLAS takes a row-major operand as op(A)
/// of the same buffer; LAPACK's factorizations and the column-major accessors copy a row-major
/// matrix into column-major order once (`inLayout(.columnMajor)`). Weights read from ONNX and
/// NumPy stay row-major, as the files store them, and are written back without a transposing
/// pass; a NumPy array of shape (m, p) in C order is also, byte for byte, the column-major
/// p × m matrix, which is how sample-per-row data is read.
public struct Matrix: Sendable {
    public let rows: Int
    public let cols: Int
    /// The order of `elements`.
    public internal(set) var layout: MatrixLayout
    /// The `rows · cols` elements in `layout` order. Internal: code outside Linalg asks for rows,
    /// columns, blocks, elementwise maps or a buffer in a named layout.
    @usableFromInline var elements: [Double]

    /// The one designated initializer: a buffer already in `layout` order.
    init(rows: Int, cols: Int, layout: MatrixLayout, elements: [Double]) {
        precondition(rows >= 0 && cols >= 0 && elements.count == rows * cols,
                     "buffer of \(elements.count) elements does not hold \(rows)×\(cols)")
        self.rows = rows
        self.cols = cols
        self.layout = layout
        self.elements = elements
    }

    /// A `rows × cols` matrix filled with `value` (column-major).
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && cols >= 0, "matrix dimensions must be non-negative")
        self.init(rows: rows, cols: cols, layout: .columnMajor, elements: [Double](repeating: value, count: rows * cols))
    }

    /// A matrix over an existing column-major buffer (no copy).
    public init(rows: Int, cols: Int, columnMajor: [Double]) {
        self.init(rows: rows, cols: cols, layout: .columnMajor, elements: columnMajor)
    }

    /// A row-major matrix over a buffer in C order (no copy, no transposing pass).
    public init(rows: Int, cols: Int, rowMajor: [Double]) {
        self.init(rows: rows, cols: cols, layout: .rowMajor, elements: rowMajor)
    }

    /// A matrix from nested rows; every row must have the same length (column-major).
    public init(_ nestedRows: [[Double]]) {
        let rowCount = nestedRows.count
        let colCount = nestedRows.first?.count ?? 0
        precondition(nestedRows.allSatisfy { $0.count == colCount }, "ragged rows")
        self.init(rows: rowCount, cols: colCount)
        for (i, row) in nestedRows.enumerated() {
            for (j, value) in row.enumerated() { elements[i + j * rowCount] = value }
        }
    }

    /// The n × n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0..<n { m.elements[i + i * n] = 1 }
        return m
    }

    /// A column vector (n × 1).
    public init(column: [Double]) {
        self.init(rows: column.count, cols: 1, columnMajor: column)
    }

    /// Where (i, j) lives in `elements`.
    @inlinable @inline(__always)
    func offset(_ i: Int, _ j: Int) -> Int {
        layout.offset(i, j, rows: rows, cols: cols)
    }

    @inlinable
    public subscript(row: Int, col: Int) -> Double {
        get { elements[offset(row, col)] }
        set { elements[offset(row, col)] = newValue }
    }

    public var count: Int { rows * cols }
    public var isEmpty: Bool { rows == 0 || cols == 0 }
    public var isSquare: Bool { rows == cols }

    /// The same matrix with its elements in `target` order: itself when already so, otherwise
    /// one transposing copy (`TransposeKernel`).
    public func inLayout(_ target: MatrixLayout) -> Matrix {
        guard layout != target else { return self }
        return Matrix(rows: rows, cols: cols, layout: target, elements: Matrix.relaid(elements, from: layout, rows: rows, cols: cols))
    }

    /// Reorders the buffer into `target` order in place (one transposing copy unless already so).
    public mutating func convert(to target: MatrixLayout) {
        guard layout != target else { return }
        elements = Matrix.relaid(elements, from: layout, rows: rows, cols: cols)
        layout = target
    }

    /// A rows × cols buffer in `layout` order, copied into the other order.
    static func relaid(_ source: [Double], from layout: MatrixLayout, rows: Int, cols: Int) -> [Double] {
        guard rows > 0, cols > 0 else { return source }
        // The source is `lines` contiguous lines of `length` elements; the copy's lines are its columns.
        let lines = layout == .columnMajor ? cols : rows, length = layout == .columnMajor ? rows : cols
        return source.withUnsafeBufferPointer { src in
            [Double](unsafeUninitializedCapacity: rows * cols) { dst, initialized in
                TransposeKernel.runParallel(.float64, src: UnsafeRawPointer(src.baseAddress!), lds: length,
                                            dst: dst.baseAddress!, ldd: lines, rowCount: lines, colCount: length)
                initialized = rows * cols
            }
        }
    }

    /// The elements in row-major (C) order, as NumPy and our text formats store them: the buffer
    /// itself when the matrix is row-major.
    public var rowMajor: [Double] { inLayout(.rowMajor).elements }

    /// The elements in column-major order: the buffer itself when the matrix is column-major.
    public var columnMajorElements: [Double] { inLayout(.columnMajor).elements }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] {
        precondition(i >= 0 && i < rows, "row \(i) of \(rows)")
        if layout == .rowMajor { return Array(elements[(i * cols)..<((i + 1) * cols)]) }
        return (0..<cols).map { self[i, $0] }
    }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < cols, "column \(j) of \(cols)")
        if layout == .columnMajor { return Array(elements[(j * rows)..<((j + 1) * rows)]) }
        return (0..<rows).map { self[$0, j] }
    }

    /// Rows as nested arrays, for text formats.
    public var nestedRows: [[Double]] { (0..<rows).map { row($0) } }

    /// True when every element is exactly zero.
    public var isZero: Bool { elements.allSatisfy { $0 == 0 } }

    /// True when every element is finite (no NaN, no ±Inf).
    ///
    /// An element is not finite exactly when its exponent bits are all ones; adding one unit of
    /// the exponent's lowest bit to the masked exponent then carries into the sign bit. An OR of
    /// those sums over the buffer is a reduction the compiler vectorizes (a closure per element
    /// cost a tenth of converting a 60 M-parameter network).
    public var isFinite: Bool {
        let exponent: UInt64 = 0x7FF0_0000_0000_0000, lowestExponentBit: UInt64 = 0x0010_0000_0000_0000
        return elements.withUnsafeBufferPointer { values in
            values.withMemoryRebound(to: UInt64.self) { bits in
                var flags: UInt64 = 0
                for b in bits { flags |= (b & exponent) &+ lowestExponentBit }
                return flags & (1 << 63) == 0
            }
        }
    }

    /// The largest absolute element (0 for an empty matrix).
    public var maxAbs: Double { elements.reduce(0) { Swift.max($0, Swift.abs($1)) } }

    /// Elementwise absolute values (same layout).
    public var absoluteValues: Matrix { mapElements { Swift.abs($0) } }

    /// The submatrix of the given rows and columns (any order, repeats allowed), column-major.
    public func submatrix(rows rowIndices: [Int], cols colIndices: [Int]) -> Matrix {
        var result = Matrix(rows: rowIndices.count, cols: colIndices.count)
        let r = rowIndices.count
        if layout == .columnMajor {
            for (jj, j) in colIndices.enumerated() {
                let base = j * rows
                for (ii, i) in rowIndices.enumerated() { result.elements[ii + jj * r] = elements[base + i] }
            }
        } else {
            for (ii, i) in rowIndices.enumerated() {
                let base = i * cols
                for (jj, j) in colIndices.enumerated() { result.elements[ii + jj * r] = elements[base + j] }
            }
        }
        return result
    }

    /// Contiguous columns `range`, copied (column-major; a slice of the buffer when the matrix is).
    public func columns(_ range: Range<Int>) -> Matrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= cols, "columns \(range) of \(cols)")
        guard layout == .columnMajor else { return submatrix(rows: Array(0..<rows), cols: Array(range)) }
        return Matrix(rows: rows, cols: range.count,
                      columnMajor: Array(elements[(range.lowerBound * rows)..<(range.upperBound * rows)]))
    }

    /// Contiguous rows `range`, copied (a row-major slice of the buffer when the matrix is row-major).
    public func rows(_ range: Range<Int>) -> Matrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "rows \(range) of \(rows)")
        guard layout == .rowMajor else { return submatrix(rows: Array(range), cols: Array(0..<cols)) }
        return Matrix(rows: range.count, cols: cols,
                      rowMajor: Array(elements[(range.lowerBound * cols)..<(range.upperBound * cols)]))
    }

    /// Writes `block` with its top-left corner at (row, col).
    public mutating func setBlock(_ block: Matrix, atRow row: Int, col: Int) {
        precondition(row + block.rows <= rows && col + block.cols <= cols, "block does not fit")
        if layout == .columnMajor, block.layout == .columnMajor {
            for j in 0..<block.cols {
                let dst = row + (col + j) * rows
                let src = j * block.rows
                for i in 0..<block.rows { elements[dst + i] = block.elements[src + i] }
            }
        } else {
            for i in 0..<block.rows {
                for j in 0..<block.cols { self[row + i, col + j] = block[i, j] }
            }
        }
    }
}

extension Matrix: Equatable {
    /// Equal shapes and equal elements (IEEE equality: NaN differs from itself, −0 equals 0),
    /// whatever the two layouts.
    public static func == (a: Matrix, b: Matrix) -> Bool {
        a.rows == b.rows && a.cols == b.cols
            && MatrixLayout.elementsEqual(a.elements, a.layout, b.elements, b.layout, rows: a.rows, cols: a.cols)
    }
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        nestedRows.map { $0.map { String($0) }.joined(separator: " ") }.joined(separator: "\n")
    }
}
