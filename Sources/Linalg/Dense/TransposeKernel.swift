import Dispatch

/// The one transposing copy every layout change in this module goes through:
/// `dst[a + b · ldd] = Double(src[a · lds + b])` for a < rowCount, b < colCount, i.e. a row-major
/// rowCount × colCount source (rows lds elements apart) lands column-major in `dst`.
///
/// Panels of `panelHeight` source rows are read as that many sequential streams, and each
/// destination column receives `panelHeight` consecutive doubles at once, whole cache lines;
/// the columns are taken `chunkWidth` at a time so that a chunk's destination lines are still
/// cached when the next panel fills their other halves. The naive tiled loop writes one double
/// per line with a stride of a power of two on square layers (4096 · 8 bytes), which maps every
/// line of a tile to the same L1 set: measured on 4096², 8 ns per element against 3.6 here
/// (memcpy: 1.2; OpenBLAS's `domatcopy`: 23).
enum TransposeKernel {
    static let panelHeight = 16
    static let chunkWidth = 256
    /// Copies of at least this many elements are split over two threads (by destination
    /// columns, which never share a cache line's worth of writes across the split).
    static let parallelElements = 1 << 20

    /// `run`, split by destination columns over two threads when the copy is large.
    static func runParallel(_ format: StoredFloat, src: UnsafeRawPointer, lds: Int, dst: UnsafeMutablePointer<Double>,
                            ldd: Int, rowCount: Int, colCount: Int) {
        guard rowCount * colCount >= parallelElements, colCount >= 2 * chunkWidth else {
            runPart(format, src: src, lds: lds, dst: dst, ldd: ldd, rowCount: rowCount, colCount: colCount)
            return
        }
        let half = (colCount / 2 + chunkWidth - 1) / chunkWidth * chunkWidth
        // Addresses cross into the worker closure as integers: the halves never overlap.
        let source = Int(bitPattern: src), destination = Int(bitPattern: dst)
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            let b0 = part == 0 ? 0 : half, b1 = part == 0 ? half : colCount
            guard let src = UnsafeRawPointer(bitPattern: source + b0 * format.width),
                  let dst = UnsafeMutablePointer<Double>(bitPattern: destination + b0 * ldd * 8) else { return }
            runPart(format, src: src, lds: lds, dst: dst, ldd: ldd, rowCount: rowCount, colCount: b1 - b0)
        }
    }

    private static func runPart(_ format: StoredFloat, src: UnsafeRawPointer, lds: Int, dst: UnsafeMutablePointer<Double>,
                                ldd: Int, rowCount: Int, colCount: Int) {
        switch format {
        case .float32: run(Float.self, src: src, lds: lds, dst: dst, ldd: ldd, rowCount: rowCount, colCount: colCount)
        case .float64: run(Double.self, src: src, lds: lds, dst: dst, ldd: ldd, rowCount: rowCount, colCount: colCount)
        }
    }

    /// - Parameters:
    ///   - src: the first source element; `Element` values, possibly unaligned (file mappings).
    @inline(__always)
    static func run<Element: BinaryFloatingPoint>(
        _: Element.Type, src: UnsafeRawPointer, lds: Int, dst: UnsafeMutablePointer<Double>, ldd: Int,
        rowCount: Int, colCount: Int
    ) {
        let width = MemoryLayout<Element>.stride
        @inline(__always) func load(_ a: Int, _ b: Int) -> Double {
            Double(src.loadUnaligned(fromByteOffset: (a * lds + b) * width, as: Element.self))
        }
        let h = panelHeight
        var b0 = 0
        while b0 < colCount {
            let b1 = Swift.min(colCount, b0 + chunkWidth)
            var a0 = 0
            while a0 + h <= rowCount {
                for b in b0..<b1 {
                    let d = dst + a0 + b * ldd
                    for r in 0..<h { d[r] = load(a0 + r, b) }
                }
                a0 += h
            }
            if a0 < rowCount {
                for b in b0..<b1 {
                    let d = dst + b * ldd
                    for a in a0..<rowCount { d[a] = load(a, b) }
                }
            }
            b0 = b1
        }
    }
}

/// How a file stores the elements of a matrix: little-endian IEEE binary32 or binary64, as ONNX
/// `raw_data` and NumPy's `<f4` / `<f8` do.
public enum StoredFloat: Sendable {
    case float32, float64

    /// Bytes per element.
    public var width: Int { self == .float32 ? 4 : 8 }
}

extension Matrix {
    /// A rows × cols matrix from elements in row-major (C) order, as ONNX `raw_data` and NumPy
    /// store them: widened to Double in one sequential pass and kept row-major (no transpose).
    ///
    /// - Parameters:
    ///   - bytes: rows · cols little-endian values, any alignment.
    ///   - keepingFloat32: float32 values are kept as float32 (copied, not widened): for a
    ///     command that only streams the weights out or computes in float32 (`storage`).
    /// - Precondition: `bytes` holds exactly rows · cols elements; the host is little-endian.
    /// The transpose of such an array, column-major, is this matrix's `transposed()` (a view).
    public init(rowMajor bytes: UnsafeRawBufferPointer, of format: StoredFloat, rows: Int, cols: Int, keepingFloat32: Bool = false) {
        let count = rows * cols, layout = MatrixLayout.rowMajor
        guard format == .float32, keepingFloat32 else {
            self.init(rows: rows, cols: cols, layout: layout, elements: Matrix.widened(bytes, of: format, count: count))
            return
        }
        precondition(bytes.count == count * 4, "\(bytes.count) bytes do not hold \(count) elements")
        let values = [Float](unsafeUninitializedCapacity: count) { dst, initialized in
            if count > 0 { UnsafeMutableRawPointer(dst.baseAddress!).copyMemory(from: bytes.baseAddress!, byteCount: count * 4) }
            initialized = count
        }
        self.init(rows: rows, cols: cols, layout: layout, float32Elements: values)
    }

    /// `count` stored values as Doubles, in their order: one sequential pass, no zero-filling.
    private static func widened(_ bytes: UnsafeRawBufferPointer, of format: StoredFloat, count: Int) -> [Double] {
        precondition(bytes.count == count * format.width, "\(bytes.count) bytes do not hold \(count) elements")
        guard count > 0, let base = bytes.baseAddress else { return [] }
        return [Double](unsafeUninitializedCapacity: count) { dst, initialized in
            switch format {
            case .float32:
                for k in 0..<count { dst[k] = Double(base.loadUnaligned(fromByteOffset: k * 4, as: Float.self)) }
            case .float64:
                UnsafeMutableRawPointer(dst.baseAddress!).copyMemory(from: base, byteCount: count * 8)
            }
            initialized = count
        }
    }

    /// Writes rows `range` in row-major order to `buffer` (range.count · cols doubles): the chunks
    /// a streaming writer emits for a C-order file. A row-major matrix copies a slice of its
    /// buffer; a column-major one is transposed chunk by chunk, never as a whole.
    /// A matrix kept in float32 is widened band by band as it is copied.
    public func copyRowMajor(rows range: Range<Int>, into buffer: UnsafeMutablePointer<Double>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "rows \(range) of \(rows)")
        guard !range.isEmpty, cols > 0 else { return }
        withStoredBytes { src, format in
            if layout == .rowMajor, format == .float64 {
                buffer.update(from: src.assumingMemoryBound(to: Double.self) + range.lowerBound * cols, count: range.count * cols)
            } else if layout == .rowMajor {
                let first = src.assumingMemoryBound(to: Float.self) + range.lowerBound * cols
                for k in 0..<(range.count * cols) { buffer[k] = Double(first[k]) }
            } else {
                TransposeKernel.runParallel(format, src: src + range.lowerBound * format.width, lds: rows,
                                            dst: buffer, ldd: cols, rowCount: cols, colCount: range.count)
            }
        }
    }

    /// Writes rows `range` of a row-major matrix kept in float32 to `destination` as the
    /// little-endian float32 values it holds (range.count · cols of them, any alignment), and
    /// returns true; returns false, writing nothing, for any other matrix. The bands of a
    /// float32 file written from a float32 one, with no widening and no rounding.
    public func copyStoredFloat32RowMajor(rows range: Range<Int>, into destination: UnsafeMutableRawPointer) -> Bool {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "rows \(range) of \(rows)")
        guard layout == .rowMajor, let narrow = float32Elements else { return false }
        guard !range.isEmpty, cols > 0 else { return true }
        narrow.withUnsafeBytes { src in
            destination.copyMemory(from: src.baseAddress! + range.lowerBound * cols * 4, byteCount: range.count * cols * 4)
        }
        return true
    }

    /// The elements in row-major (C) order, to be read in place: the buffer itself when the
    /// matrix is row-major (and held in float64), otherwise a row-major float64 copy made for
    /// the call. What a writer of a C-order file hands to `write(2)`.
    public func withRowMajorElements<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        if layout == .rowMajor { return try elements.withUnsafeBufferPointer(body) }
        return try relaidElements().withUnsafeBufferPointer(body)
    }
}
