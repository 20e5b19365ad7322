import CLAPACK

/// A dense float32 matrix, column-major like `Matrix`, for execution plans that trade precision
/// for speed: `cblas_sgemm` moves half the bytes of `cblas_dgemm` and runs twice the lanes, and is
/// what onnxruntime computes float32 models with. Models keep their weights as `Matrix` (Double)
/// for analysis; a plan converts them once.
public struct Float32Matrix: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    /// Column-major elements: (i, j) at `storage[i + j * rows]`.
    public var storage: [Float]

    /// A zero rows × cols matrix.
    public init(rows: Int, cols: Int) {
        precondition(rows >= 0 && cols >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.cols = cols
        storage = [Float](repeating: 0, count: rows * cols)
    }

    /// `m` rounded to float32 element by element, in one pass.
    public init(_ m: Matrix) {
        rows = m.rows
        cols = m.cols
        storage = m.storage.withUnsafeBufferPointer { src in
            [Float](unsafeUninitializedCapacity: src.count) { dst, initialized in
                for k in 0..<src.count { dst[k] = Float(src[k]) }
                initialized = src.count
            }
        }
    }

    /// The matrix widened to Double.
    public var doubleMatrix: Matrix {
        Matrix(rows: rows, cols: cols, columnMajor: storage.map { Double($0) })
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

/// The OpenBLAS build in use, e.g. `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64`,
/// and the kernel family it picked for this processor: for benchmark records.
public var blasConfiguration: (config: String, core: String) {
    (String(cString: openblas_get_config()), String(cString: openblas_get_corename()))
}
