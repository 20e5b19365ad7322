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
///
/// The numbers are float64, except in a matrix read from a file's float32 values with
/// `keepingFloat32` (`Matrix(rowMajor:of:rows:cols:keepingFloat32:)`): it keeps them as they
/// were stored, half the memory, and means exactly their float64 widening. Reading elements,
/// rows, columns and submatrices, transposing, finiteness and the row bands a writer emits work
/// on the float32 values where they are; arithmetic reads a widened copy made for the call
/// (code that applies one matrix many times holds `inFloat64()`); the first mutation widens
/// the matrix for good. Widening is exact, so no result depends on the storage.
public struct Matrix: Sendable {
    public let rows: Int
    public let cols: Int
    /// The order of `elements`.
    public internal(set) var layout: MatrixLayout
    /// The `rows · cols` numbers in `layout` order, unless `float32Elements` holds them (then
    /// this is empty).
    @usableFromInline var float64Elements: [Double]
    /// The `rows · cols` numbers in `layout` order as the file stored them, for a matrix kept
    /// in float32; nil otherwise.
    @usableFromInline var float32Elements: [Float]?

    /// The `rows · cols` elements in `layout` order, as float64: a widened copy when the matrix
    /// is kept in float32, which writing through this property widens for good. Internal: code
    /// outside Linalg asks for rows, columns, blocks, elementwise maps or a buffer in a named
    /// layout. Loops read it once into a local, never element by element.
    @usableFromInline var elements: [Double] {
        get { float32Elements.map(Matrix.widened) ?? float64Elements }
        _modify {
            widenStorage()
            yield &float64Elements
        }
        set {
            float32Elements = nil
            float64Elements = newValue
        }
    }

    /// The one designated initializer: the numbers in one of the two buffers, in `layout` order.
    private init(rows: Int, cols: Int, layout: MatrixLayout, float64Elements: [Double], float32Elements: [Float]?) {
        let count = float32Elements?.count ?? float64Elements.count
        precondition(rows >= 0 && cols >= 0 && count == rows * cols, "buffer of \(count) elements does not hold \(rows)×\(cols)")
        self.rows = rows
        self.cols = cols
        self.layout = layout
        self.float64Elements = float64Elements
        self.float32Elements = float32Elements
    }

    /// A float64 buffer already in `layout` order.
    init(rows: Int, cols: Int, layout: MatrixLayout, elements: [Double]) {
        self.init(rows: rows, cols: cols, layout: layout, float64Elements: elements, float32Elements: nil)
    }

    /// A matrix kept in float32: a buffer of stored float32 values already in `layout` order.
    init(rows: Int, cols: Int, layout: MatrixLayout, float32Elements: [Float]) {
        self.init(rows: rows, cols: cols, layout: layout, float64Elements: [], float32Elements: float32Elements)
    }

    /// How the numbers are held: `.float32` for a matrix kept as a file stored it
    /// (`keepingFloat32`), `.float64` otherwise and after any mutation.
    public var storage: StoredFloat { float32Elements == nil ? .float64 : .float32 }

    /// The same matrix held in float64: itself when it is, otherwise its exact widening. For
    /// code that applies one matrix many times (a solver's A), which would otherwise widen it
    /// at every product.
    public func inFloat64() -> Matrix {
        var copy = self
        copy.widenStorage()
        return copy
    }

    /// Replaces float32 storage by its exact float64 widening (nothing when already float64).
    @usableFromInline mutating func widenStorage() {
        guard let narrow = float32Elements else { return }
        float64Elements = Matrix.widened(narrow)
        float32Elements = nil
    }

    /// Float32 values as Doubles, in their order, in one sequential pass.
    @usableFromInline static func widened(_ values: [Float]) -> [Double] {
        values.withUnsafeBufferPointer { src in
            [Double](unsafeUninitializedCapacity: src.count) { dst, initialized in
                for k in 0..<src.count { dst[k] = Double(src[k]) }
                initialized = src.count
            }
        }
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
            for (j, value) in row.enumerated() { float64Elements[i + j * rowCount] = value }
        }
    }

    /// The n × n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0..<n { m.float64Elements[i + i * n] = 1 }
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
        get {
            if let narrow = float32Elements { return Double(narrow[offset(row, col)]) }
            return float64Elements[offset(row, col)]
        }
        set { elements[offset(row, col)] = newValue }
    }

    public var count: Int { rows * cols }
    public var isEmpty: Bool { rows == 0 || cols == 0 }
    public var isSquare: Bool { rows == cols }

    /// The same matrix with its elements in `target` order: itself when already so, otherwise
    /// one transposing copy (`TransposeKernel`).
    /// (A float32-kept matrix moved into the other layout is widened in the same pass.)
    public func inLayout(_ target: MatrixLayout) -> Matrix {
        guard layout != target else { return self }
        return Matrix(rows: rows, cols: cols, layout: target, elements: relaidElements())
    }

    /// Reorders the buffer into `target` order in place (one transposing copy unless already so).
    public mutating func convert(to target: MatrixLayout) {
        guard layout != target else { return }
        elements = relaidElements()
        layout = target
    }

    /// The elements in the other layout's order, as float64: one transposing (and, for float32
    /// storage, widening) pass.
    func relaidElements() -> [Double] {
        guard rows > 0, cols > 0 else { return [] }
        // The source is `lines` contiguous lines of `length` elements; the copy's lines are its columns.
        let lines = layout == .columnMajor ? cols : rows, length = layout == .columnMajor ? rows : cols
        return withStoredBytes { src, format in
            [Double](unsafeUninitializedCapacity: rows * cols) { dst, initialized in
                TransposeKernel.runParallel(format, src: src, lds: length,
                                            dst: dst.baseAddress!, ldd: lines, rowCount: lines, colCount: length)
                initialized = rows * cols
            }
        }
    }

    /// The stored numbers in place, in `layout` order, with the width they are held in.
    /// - Precondition: the matrix is not empty.
    func withStoredBytes<R>(_ body: (UnsafeRawPointer, StoredFloat) throws -> R) rethrows -> R {
        if let narrow = float32Elements {
            return try narrow.withUnsafeBytes { try body($0.baseAddress!, .float32) }
        }
        return try float64Elements.withUnsafeBytes { try body($0.baseAddress!, .float64) }
    }

    /// The elements in row-major (C) order, as NumPy and our text formats store them: the buffer
    /// itself when the matrix is row-major.
    public var rowMajor: [Double] { inLayout(.rowMajor).elements }

    /// The elements in column-major order: the buffer itself when the matrix is column-major.
    public var columnMajorElements: [Double] { inLayout(.columnMajor).elements }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] {
        precondition(i >= 0 && i < rows, "row \(i) of \(rows)")
        if layout == .rowMajor { return line((i * cols)..<((i + 1) * cols)) }
        return (0..<cols).map { self[i, $0] }
    }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < cols, "column \(j) of \(cols)")
        if layout == .columnMajor { return line((j * rows)..<((j + 1) * rows)) }
        return (0..<rows).map { self[$0, j] }
    }

    /// The elements at buffer positions `range`, as float64.
    private func line(_ range: Range<Int>) -> [Double] {
        if let narrow = float32Elements { return narrow[range].map { Double($0) } }
        return Array(float64Elements[range])
    }

    /// Rows as nested arrays, for text formats.
    public var nestedRows: [[Double]] { (0..<rows).map { row($0) } }

    /// True when every element is exactly zero.
    public var isZero: Bool { allElementsSatisfy { $0 == 0 } }

    /// True when every element is finite (no NaN, no ±Inf).
    ///
    /// An element is not finite exactly when its exponent bits are all ones; adding one unit of
    /// the exponent's lowest bit to the masked exponent then carries into the sign bit. An OR of
    /// those sums over the buffer is a reduction the compiler vectorizes (a closure per element
    /// cost a tenth of converting a 60 M-parameter network).
    /// (The same test on the 32-bit words of a matrix kept in float32.)
    public var isFinite: Bool {
        if let narrow = float32Elements {
            return narrow.withUnsafeBufferPointer { values in
                values.withMemoryRebound(to: UInt32.self) { Matrix.allExponentsFinite($0, exponent: 0x7F80_0000, lowestExponentBit: 0x0080_0000) }
            }
        }
        return float64Elements.withUnsafeBufferPointer { values in
            values.withMemoryRebound(to: UInt64.self) {
                Matrix.allExponentsFinite($0, exponent: 0x7FF0_0000_0000_0000, lowestExponentBit: 0x0010_0000_0000_0000)
            }
        }
    }

    /// True when no word's `exponent` bits are all ones (`isFinite` on IEEE bit patterns).
    private static func allExponentsFinite<Word: FixedWidthInteger & UnsignedInteger>(
        _ bits: UnsafeBufferPointer<Word>, exponent: Word, lowestExponentBit: Word
    ) -> Bool {
        var flags: Word = 0
        for b in bits { flags |= (b & exponent) &+ lowestExponentBit }
        return flags >> (Word.bitWidth - 1) == 0
    }

    /// The largest absolute element (0 for an empty matrix).
    public var maxAbs: Double {
        var largest = 0.0
        forEachElement { largest = Swift.max(largest, Swift.abs($0)) }
        return largest
    }

    /// Calls `body` with every element in buffer order, read in place whatever the storage
    /// width, until it returns false; returns false if it did.
    @inline(__always)
    func forEachElement(while body: (Double) throws -> Bool) rethrows -> Bool {
        if let narrow = float32Elements {
            for value in narrow where try !body(Double(value)) { return false }
        } else {
            for value in float64Elements where try !body(value) { return false }
        }
        return true
    }

    /// Calls `body` with every element in buffer order, read in place whatever the storage width.
    @inline(__always)
    func forEachElement(_ body: (Double) throws -> Void) rethrows {
        _ = try forEachElement { try body($0); return true }
    }

    /// Elementwise absolute values (same layout).
    public var absoluteValues: Matrix { mapElements { Swift.abs($0) } }

    /// The submatrix of the given rows and columns (any order, repeats allowed), column-major.
    public func submatrix(rows rowIndices: [Int], cols colIndices: [Int]) -> Matrix {
        var result = Matrix(rows: rowIndices.count, cols: colIndices.count)
        let r = rowIndices.count
        if rowIndices.isEmpty || colIndices.isEmpty { return result }
        let (rows, cols, layout) = (rows, cols, layout)
        // The picked elements are read where they are stored, in either width.
        func gather<Stored: BinaryFloatingPoint>(_ source: [Stored], into dst: UnsafeMutableBufferPointer<Double>) {
            if layout == .columnMajor {
                for (jj, j) in colIndices.enumerated() {
                    let base = j * rows
                    for (ii, i) in rowIndices.enumerated() { dst[ii + jj * r] = Double(source[base + i]) }
                }
            } else {
                for (ii, i) in rowIndices.enumerated() {
                    let base = i * cols
                    for (jj, j) in colIndices.enumerated() { dst[ii + jj * r] = Double(source[base + j]) }
                }
            }
        }
        result.float64Elements.withUnsafeMutableBufferPointer { dst in
            if let narrow = float32Elements { gather(narrow, into: dst) } else { gather(float64Elements, into: dst) }
        }
        return result
    }

    /// Contiguous columns `range`, copied (column-major; a slice of the buffer when the matrix is).
    public func columns(_ range: Range<Int>) -> Matrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= cols, "columns \(range) of \(cols)")
        guard layout == .columnMajor else { return submatrix(rows: Array(0..<rows), cols: Array(range)) }
        return slice(lines: range, length: rows, count: (rows, range.count))
    }

    /// Contiguous lines `range` of the buffer (each `length` elements) as a matrix of `count`
    /// in the same layout and storage width.
    private func slice(lines range: Range<Int>, length: Int, count: (rows: Int, cols: Int)) -> Matrix {
        let positions = (range.lowerBound * length)..<(range.upperBound * length)
        if let narrow = float32Elements {
            return Matrix(rows: count.rows, cols: count.cols, layout: layout, float32Elements: Array(narrow[positions]))
        }
        return Matrix(rows: count.rows, cols: count.cols, layout: layout, elements: Array(float64Elements[positions]))
    }

    /// Contiguous rows `range`, copied (a row-major slice of the buffer when the matrix is row-major).
    public func rows(_ range: Range<Int>) -> Matrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "rows \(range) of \(rows)")
        guard layout == .rowMajor else { return submatrix(rows: Array(range), cols: Array(0..<cols)) }
        return slice(lines: range, length: cols, count: (range.count, cols))
    }

    /// Writes `block` with its top-left corner at (row, col).
    public mutating func setBlock(_ block: Matrix, atRow row: Int, col: Int) {
        precondition(row + block.rows <= rows && col + block.cols <= cols, "block does not fit")
        guard !block.isEmpty else { return }
        let source = block.elements, n = rows, m = block.rows, layout = layout, blockLayout = block.layout
        let (destinationRows, destinationCols) = (rows, cols), blockCols = block.cols
        elements.withUnsafeMutableBufferPointer { dst in
            if layout == .columnMajor, blockLayout == .columnMajor {
                for j in 0..<blockCols {
                    let d = row + (col + j) * n, s = j * m
                    for i in 0..<m { dst[d + i] = source[s + i] }
                }
                return
            }
            for i in 0..<m {
                for j in 0..<blockCols {
                    dst[layout.offset(row + i, col + j, rows: destinationRows, cols: destinationCols)]
                        = source[blockLayout.offset(i, j, rows: m, cols: blockCols)]
                }
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
