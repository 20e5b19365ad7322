import CLAPACK

/// A dense float32 matrix, in either layout like `Matrix`, for execution plans that trade
/// precision for speed: `cblas_sgemm` moves half the bytes of `cblas_dgemm` and runs twice the
/// lanes, and is what onnxruntime computes float32 models with. Models keep their weights as
/// `Matrix` for analysis; a plan narrows them once (or shares the buffer of one kept in
/// float32), keeping their layout (a row-major weight is handed to `sgemm` as op(A), never
/// transposed).
public struct Float32Matrix: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    public let layout: MatrixLayout
    /// The elements in `layout` order.
    var elements: [Float]

    /// A zero rows × cols matrix (column-major).
    public init(rows: Int, cols: Int) {
        precondition(rows >= 0 && cols >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.cols = cols
        layout = .columnMajor
        elements = [Float](repeating: 0, count: rows * cols)
    }

    /// `m` rounded to float32 element by element, in one sequential pass, in `m`'s layout; a
    /// matrix kept in float32 shares its buffer (no pass, no rounding).
    public init(_ m: Matrix) {
        rows = m.rows
        cols = m.cols
        layout = m.layout
        if let narrow = m.float32Elements {
            elements = narrow
            return
        }
        elements = m.float64Elements.withUnsafeBufferPointer { src in
            [Float](unsafeUninitializedCapacity: src.count) { dst, initialized in
                for k in 0..<src.count { dst[k] = Float(src[k]) }
                initialized = src.count
            }
        }
    }

    /// Element (i, j).
    public subscript(row: Int, col: Int) -> Float {
        elements[layout.offset(row, col, rows: rows, cols: cols)]
    }

    /// The matrix widened to Double (same layout).
    public var doubleMatrix: Matrix {
        Matrix(rows: rows, cols: cols, layout: layout, elements: elements.map { Double($0) })
    }

    /// The elements in column-major order: the buffer itself when the matrix is column-major,
    /// otherwise a transposed copy.
    public var columnMajorElements: [Float] {
        guard layout == .rowMajor else { return elements }
        return (0..<cols).flatMap { j in (0..<rows).map { i in elements[i * cols + j] } }
    }

    /// `c ← self · b + beta · c`, one `cblas_sgemm` call, for column-major raw buffers: b is
    /// cols × n (leading dimension cols), c is rows × n (leading dimension rows). A row-major
    /// matrix is passed as the transpose of its buffer.
    public func multiply(_ b: UnsafePointer<Float>, columns n: Int, beta: Float, into c: UnsafeMutablePointer<Float>) {
        guard rows > 0, n > 0 else { return }
        guard cols > 0 else {
            if beta != 1 { for i in 0..<(rows * n) { c[i] *= beta } }
            return
        }
        let trans = layout == .columnMajor ? CblasNoTrans : CblasTrans
        let lda = Int32(layout == .columnMajor ? rows : cols)
        elements.withUnsafeBufferPointer { a in
            cblas_sgemm(CblasColMajor, trans, CblasNoTrans, Int32(rows), Int32(n), Int32(cols), 1,
                        a.baseAddress, lda, b, Int32(cols), beta, c, Int32(rows))
        }
    }

    public static func == (a: Float32Matrix, b: Float32Matrix) -> Bool {
        a.rows == b.rows && a.cols == b.cols
            && MatrixLayout.elementsEqual(a.elements, a.layout, b.elements, b.layout, rows: a.rows, cols: a.cols)
    }
}

/// `c ← alpha · a · b + beta · c` on raw column-major float32 buffers, one `cblas_sgemm` call:
/// the primitive of a plan that owns its buffers (a is m × k, b is k × n, c is m × n, each with
/// leading dimension its row count).
public func sgemm(m: Int, n: Int, k: Int, alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                  beta: Float, c: UnsafeMutablePointer<Float>) {
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
        if beta != 1 { for i in 0..<(m * n) { c[i] *= beta } }
        return
    }
    cblas_sgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha,
                a, Int32(m), b, Int32(k), beta, c, Int32(m))
}
