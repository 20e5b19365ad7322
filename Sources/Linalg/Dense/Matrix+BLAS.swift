import CLAPACK

/// Whether a BLAS operand is used as stored or transposed.
public enum Transposition: Sendable {
    case none, transposed

    var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

extension Matrix {
    /// `self ← alpha · op(a) · op(b) + beta · self`, one `cblas_dgemm` call.
    ///
    /// - Precondition: the shapes agree; `self` is op(a).rows × op(b).cols.
    public mutating func addProduct(_ a: Matrix, _ b: Matrix,
                                    transposeA: Transposition = .none, transposeB: Transposition = .none,
                                    alpha: Double = 1, beta: Double = 1) {
        let m = transposeA == .none ? a.rows : a.cols
        let k = transposeA == .none ? a.cols : a.rows
        let kb = transposeB == .none ? b.rows : b.cols
        let n = transposeB == .none ? b.cols : b.rows
        precondition(k == kb && m == rows && n == cols,
                     "gemm shapes: (\(m)×\(k))·(\(kb)×\(n)) into \(rows)×\(cols)")
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if beta != 1 { scale(by: beta) }
            return
        }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                storage.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasColMajor, transposeA.cblas, transposeB.cblas,
                                Int32(m), Int32(n), Int32(k), alpha,
                                pa.baseAddress, Int32(Swift.max(1, a.rows)),
                                pb.baseAddress, Int32(Swift.max(1, b.rows)),
                                beta, pc.baseAddress, Int32(Swift.max(1, rows)))
                }
            }
        }
    }

    /// op(a) · op(b) as a new matrix.
    public static func product(_ a: Matrix, _ b: Matrix,
                               transposeA: Transposition = .none, transposeB: Transposition = .none) -> Matrix {
        let m = transposeA == .none ? a.rows : a.cols
        let n = transposeB == .none ? b.cols : b.rows
        var c = Matrix(rows: m, cols: n)
        c.addProduct(a, b, transposeA: transposeA, transposeB: transposeB, alpha: 1, beta: 0)
        return c
    }

    public static func * (a: Matrix, b: Matrix) -> Matrix { product(a, b) }

    /// `op(self) · x` for a vector x, one `cblas_dgemv` call.
    public func apply(to x: [Double], transpose: Transposition = .none) -> [Double] {
        let outCount = transpose == .none ? rows : cols
        let inCount = transpose == .none ? cols : rows
        precondition(x.count == inCount, "gemv: vector of \(x.count) for \(rows)×\(cols)")
        var y = [Double](repeating: 0, count: outCount)
        guard outCount > 0, inCount > 0 else { return y }
        storage.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    cblas_dgemv(CblasColMajor, transpose.cblas, Int32(rows), Int32(cols), 1,
                                pa.baseAddress, Int32(Swift.max(1, rows)), px.baseAddress, 1,
                                0, py.baseAddress, 1)
                }
            }
        }
        return y
    }

    /// `self ← self + alpha · other`, one `cblas_daxpy` call.
    public mutating func add(_ other: Matrix, scaledBy alpha: Double = 1) {
        precondition(rows == other.rows && cols == other.cols, "axpy shapes differ")
        let n = Int32(count)
        guard n > 0 else { return }
        other.storage.withUnsafeBufferPointer { px in
            storage.withUnsafeMutableBufferPointer { py in
                cblas_daxpy(n, alpha, px.baseAddress, 1, py.baseAddress, 1)
            }
        }
    }

    /// `self ← alpha · self`, one `cblas_dscal` call.
    public mutating func scale(by alpha: Double) {
        let n = Int32(count)
        guard n > 0 else { return }
        storage.withUnsafeMutableBufferPointer { p in cblas_dscal(n, alpha, p.baseAddress, 1) }
    }

    public static func + (a: Matrix, b: Matrix) -> Matrix { var c = a; c.add(b); return c }
    public static func - (a: Matrix, b: Matrix) -> Matrix { var c = a; c.add(b, scaledBy: -1); return c }
    public static func * (s: Double, a: Matrix) -> Matrix { var c = a; c.scale(by: s); return c }

    /// Adds `bias[i]` to every element of row i (a bias broadcast over the samples in the columns).
    public mutating func addToEachColumn(_ bias: [Double]) {
        precondition(bias.count == rows, "bias of \(bias.count) for \(rows) rows")
        let n = rows, m = cols
        guard n > 0 else { return }
        storage.withUnsafeMutableBufferPointer { p in
            bias.withUnsafeBufferPointer { b in
                guard let base = p.baseAddress else { return }
                for j in 0..<m {
                    cblas_daxpy(Int32(n), 1, b.baseAddress, 1, base + j * n, 1)
                }
            }
        }
    }
}

extension Matrix {
    /// diag(d) · self: row i scaled by d[i].
    public func rowsScaled(by d: [Double]) -> Matrix {
        precondition(d.count == rows, "\(d.count) row factors for \(rows) rows")
        var result = self
        let n = rows
        result.storage.withUnsafeMutableBufferPointer { p in
            for j in 0..<cols {
                let base = j * n
                for i in 0..<n { p[base + i] *= d[i] }
            }
        }
        return result
    }
}
