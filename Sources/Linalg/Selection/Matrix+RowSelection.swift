import CLAPACK

extension Matrix {
    /// W · S for a selection S (W.cols × S.cols): column k of W, scaled by S's entry in row
    /// k, lands in column `S.column(k)` (added up where rows of S pick the same column), one
    /// `cblas_daxpy` a column and no gemm: W · S costs W's size, not W.rows × S.rows × S.cols.
    /// The identity gives W itself, its storage shared.
    ///
    /// Each element of the result is the sum of W[i, k] · S[k, j] over the k with an entry in
    /// column j, as gemm's would be with the zeros of S skipped: the same numbers for finite
    /// entries (up to the order of a sum of three or more picks of one column).
    public static func * (w: Matrix, s: RowSelection) -> Matrix {
        precondition(w.cols == s.rows, "\(w.rows)×\(w.cols) times a \(s.rows)×\(s.cols) selection")
        if s.isIdentity { return w }
        var result = Matrix(rows: w.rows, cols: s.cols)
        let n = Int32(w.rows)
        guard n > 0 else { return result }
        // Column k of W read in place, in either layout (a row-major column is strided), so a
        // row-major weight is never copied; axpy's result does not depend on the stride.
        let (columnStep, elementStep) = w.layout == .columnMajor ? (w.rows, 1) : (1, w.cols)
        w.elements.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            for k in 0..<s.rows {
                let alpha = s.scale(k)
                guard alpha != 0 else { continue }
                result.withMutableColumn(s.column(k)) { target in
                    cblas_daxpy(n, alpha, base + k * columnStep, Int32(elementStep), target.baseAddress, 1)
                }
            }
        }
        return result
    }

    /// `self ← self + S`: each row's entry added to the element it sits on.
    public mutating func add(_ s: RowSelection) {
        precondition(rows == s.rows && cols == s.cols, "adding a \(s.rows)×\(s.cols) selection to \(rows)×\(cols)")
        for i in 0..<s.rows {
            let entry = s.scale(i)
            if entry != 0 { self[i, s.column(i)] += entry }
        }
    }
}
