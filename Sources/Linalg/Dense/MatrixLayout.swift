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
}
