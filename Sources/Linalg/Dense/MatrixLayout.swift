/// The order in which a `Matrix` keeps its elements in its one contiguous buffer.
///
/// A row-major r × c buffer is, byte for byte, the column-major c × r transpose, so BLAS takes
/// either layout as an operand: a row-major A is handed over as op(A) = Aᵀ of the column-major
/// buffer (`CblasTrans`), never copied. LAPACK's factorizations overwrite a column-major array;
/// they take a column-major copy of a row-major matrix, once, and say so.
public enum MatrixLayout: Sendable, Equatable {
    /// (i, j) at `i + j · rows`: columns contiguous, what LAPACK and the solvers' batches use.
    case columnMajor
    /// (i, j) at `i · cols + j`: rows contiguous, NumPy's C order and ONNX's `raw_data`.
    case rowMajor

    /// The other layout: the one in which the same buffer holds the transpose.
    public var flipped: MatrixLayout { self == .columnMajor ? .rowMajor : .columnMajor }

    /// Where (i, j) of a rows × cols matrix sits in a buffer of this layout.
    @inlinable @inline(__always)
    func offset(_ i: Int, _ j: Int, rows: Int, cols: Int) -> Int {
        self == .columnMajor ? i + j * rows : i * cols + j
    }

    /// Equal elements in two rows × cols buffers, `a` in layout `aLayout` and `b` in `bLayout`:
    /// the buffers compared whole when the layouts agree, element by element when they differ
    /// (the equality of `Matrix` and `Float32Matrix`).
    static func elementsEqual<Element: Equatable>(_ a: [Element], _ aLayout: MatrixLayout,
                                                  _ b: [Element], _ bLayout: MatrixLayout, rows: Int, cols: Int) -> Bool {
        if aLayout == bLayout { return a == b }
        for j in 0..<cols {
            for i in 0..<rows where a[aLayout.offset(i, j, rows: rows, cols: cols)] != b[bLayout.offset(i, j, rows: rows, cols: cols)] {
                return false
            }
        }
        return true
    }
}
