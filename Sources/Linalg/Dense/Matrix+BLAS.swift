import CLAPACK

/// Whether a BLAS operand is used as stored or transposed.
public enum Transposition: Sendable {
    case none, transposed

    var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }

    var flipped: Transposition { self == .none ? .transposed : .none }
}

extension MatrixLayout {
    var cblas: CBLAS_ORDER { self == .columnMajor ? CblasColMajor : CblasRowMajor }
}

extension Matrix {
    /// How a BLAS call in `order` reads this matrix as op(self): a matrix stored in the other
    /// layout is its own buffer transposed, so the flag flips; the leading dimension is the
    /// length of a contiguous line.
    func blasOperand(_ t: Transposition, order: MatrixLayout) -> (trans: CBLAS_TRANSPOSE, ld: Int32) {
        ((layout == order ? t : t.flipped).cblas, Int32(Swift.max(1, layout == .columnMajor ? rows : cols)))
    }
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
        // Every operand is passed as stored, its layout folded into its op flag (bit for bit
        // the product of transposed copies: OpenBLAS packs either into the same panels).
        let order = layout
        let opA = a.blasOperand(transposeA, order: order), opB = b.blasOperand(transposeB, order: order)
        let ldc = Int32(Swift.max(1, order == .columnMajor ? rows : cols))
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                elements.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(order.cblas, opA.trans, opB.trans,
                                Int32(m), Int32(n), Int32(k), alpha,
                                pa.baseAddress, opA.ld, pb.baseAddress, opB.ld,
                                beta, pc.baseAddress, ldc)
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

    /// `op(self) · x` for a vector x, one column-major `cblas_dgemv` call.
    ///
    /// A row-major matrix is copied column-major for the call rather than handed over with the
    /// flag flipped: OpenBLAS computes A·x and Aᵀ·x with different kernels (axpy-ordered against
    /// dot-ordered sums), which round differently (on 1000 × 1000 Gaussian matrices 93 % of the
    /// entries differ, by up to 1e-13), and a model's results must not depend on the file it was
    /// read from. Loops that apply one matrix many times hold it column-major
    /// (`ComponentSolver`, `PerronVector`).
    public func apply(to x: [Double], transpose: Transposition = .none) -> [Double] {
        guard layout == .columnMajor else { return inLayout(.columnMajor).apply(to: x, transpose: transpose) }
        let outCount = transpose == .none ? rows : cols
        let inCount = transpose == .none ? cols : rows
        precondition(x.count == inCount, "gemv: vector of \(x.count) for \(rows)×\(cols)")
        var y = [Double](repeating: 0, count: outCount)
        guard outCount > 0, inCount > 0 else { return y }
        elements.withUnsafeBufferPointer { pa in
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

    /// `self ← self + alpha · other`, one `cblas_daxpy` call (`other` in another layout is
    /// first copied into this one).
    public mutating func add(_ other: Matrix, scaledBy alpha: Double = 1) {
        precondition(rows == other.rows && cols == other.cols, "axpy shapes differ")
        let n = Int32(count)
        guard n > 0 else { return }
        other.inLayout(layout).elements.withUnsafeBufferPointer { px in
            elements.withUnsafeMutableBufferPointer { py in
                cblas_daxpy(n, alpha, px.baseAddress, 1, py.baseAddress, 1)
            }
        }
    }

    /// `self ← alpha · self`, one `cblas_dscal` call.
    public mutating func scale(by alpha: Double) {
        let n = Int32(count)
        guard n > 0 else { return }
        elements.withUnsafeMutableBufferPointer { p in cblas_dscal(n, alpha, p.baseAddress, 1) }
    }

    public static func + (a: Matrix, b: Matrix) -> Matrix { var c = a; c.add(b); return c }
    public static func - (a: Matrix, b: Matrix) -> Matrix { var c = a; c.add(b, scaledBy: -1); return c }
    public static func * (s: Double, a: Matrix) -> Matrix { var c = a; c.scale(by: s); return c }

    /// Adds `bias[i]` to every element of row i (a bias broadcast over the samples in the columns).
    public mutating func addToEachColumn(_ bias: [Double]) {
        precondition(bias.count == rows, "bias of \(bias.count) for \(rows) rows")
        let n = rows, m = cols
        guard n > 0 else { return }
        if layout == .rowMajor {
            elements.withUnsafeMutableBufferPointer { p in
                for i in 0..<n {
                    let base = i * m, value = bias[i]
                    for j in 0..<m { p[base + j] += value }
                }
            }
            return
        }
        elements.withUnsafeMutableBufferPointer { p in
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
        if layout == .rowMajor {
            result.elements.withUnsafeMutableBufferPointer { p in
                for i in 0..<n {
                    for j in 0..<cols { p[i * cols + j] *= d[i] }
                }
            }
            return result
        }
        result.elements.withUnsafeMutableBufferPointer { p in
            for j in 0..<cols {
                let base = j * n
                for i in 0..<n { p[base + i] *= d[i] }
            }
        }
        return result
    }
}
