import CLAPACK

/// One short history of n-vectors per sample of a batch, and the small least-squares problem
/// over it: what Anderson mixing solves for every sample at every sweep.
///
/// Sample j owns an n × depth panel F_j (column-major, contiguous) whose first h_j columns are
/// in use. `leastSquares` returns γ = argmin ‖f − F_j γ‖₂ from the ridge-regularised normal
/// equations (F_jᵀF_j + λ·tr(F_jᵀF_j)/h · I) γ = F_jᵀ f, formed with one `dgemm` and one
/// `dgemv` and solved by LAPACK's Cholesky `dposv`; `subtractCombination` applies
/// y ← y − G_j γ with one `dgemv`. The normal equations square the condition number of F_j;
/// the ridge λ keeps them positive definite when columns are nearly dependent, and the caller
/// (Anderson's safeguard) rejects any step they make worse.
public struct SecantPanels: Sendable {
    public let rows: Int
    public let depth: Int
    public let samples: Int
    /// Panel of sample j at `storage[j · rows · depth ..< (j + 1) · rows · depth]`, column-major.
    private var storage: [Double]

    public init(rows: Int, depth: Int, samples: Int) {
        precondition(rows >= 0 && depth > 0 && samples >= 0, "panel dimensions must be non-negative")
        self.rows = rows
        self.depth = depth
        self.samples = samples
        storage = [Double](repeating: 0, count: rows * depth * samples)
    }

    /// Column `slot` of sample j's panel, to be written in place.
    public mutating func withColumn<R>(_ slot: Int, ofSample j: Int, _ body: (UnsafeMutableBufferPointer<Double>) -> R) -> R {
        precondition(slot >= 0 && slot < depth && j >= 0 && j < samples, "panel column out of range")
        let start = (j * depth + slot) * rows
        return storage.withUnsafeMutableBufferPointer { body(UnsafeMutableBufferPointer(rebasing: $0[start..<(start + rows)])) }
    }

    /// γ = argmin ‖f − F γ‖₂ over the first `count` columns of sample j's panel, or nil when the
    /// regularised normal equations are not positive definite (a zero or non-finite panel).
    /// - Parameter ridge: λ, relative to the mean squared column norm.
    public func leastSquares(sample j: Int, count h: Int, rhs f: UnsafeBufferPointer<Double>, ridge: Double) -> [Double]? {
        precondition(h > 0 && h <= depth && f.count == rows, "least squares over \(h) of \(depth) columns")
        var gram = [Double](repeating: 0, count: h * h)
        var gamma = [Double](repeating: 0, count: h)
        let n = Int32(rows)
        storage.withUnsafeBufferPointer { p in
            let panel = p.baseAddress! + j * depth * rows
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(h), Int32(h), n, 1,
                        panel, n, panel, n, 0, &gram, Int32(h))
            cblas_dgemv(CblasColMajor, CblasTrans, n, Int32(h), 1, panel, n, f.baseAddress, 1, 0, &gamma, 1)
        }
        var trace = 0.0
        for i in 0..<h { trace += gram[i + i * h] }
        guard trace > 0, trace.isFinite else { return nil }
        for i in 0..<h { gram[i + i * h] += ridge * trace / Double(h) }
        let info = LAPACKE_dposv(LAPACK_COL_MAJOR, .lapack("L"), Int32(h), 1, &gram, Int32(h), &gamma, Int32(h))
        guard info == 0, gamma.allSatisfy(\.isFinite) else { return nil }
        return gamma
    }

    /// y ← y − G γ, G the first γ.count columns of sample j's panel.
    public func subtractCombination(sample j: Int, coefficients gamma: [Double], from y: UnsafeMutableBufferPointer<Double>) {
        precondition(gamma.count <= depth && y.count == rows, "combination of \(gamma.count) of \(depth) columns")
        guard !gamma.isEmpty, rows > 0 else { return }
        storage.withUnsafeBufferPointer { p in
            cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(rows), Int32(gamma.count), -1,
                        p.baseAddress! + j * depth * rows, Int32(rows), gamma, 1, 1, y.baseAddress, 1)
        }
    }
}
