/// The depth-first walk of the pivot tree, with one preallocated Schur-complement buffer per depth
/// so that the 2ⁿ nodes allocate nothing.
final class PrincipalPivotScan {
    let n: Int
    let threshold: Double
    /// Level ℓ holds an (n − ℓ) × (n − ℓ) column-major matrix at `work + offsets[ℓ]`.
    let work: UnsafeMutablePointer<Double>
    let offsets: [Int]
    var failure: PMatrixTest.Failure?
    var smallestPivot = Double.infinity
    var smallestMinor = Double.infinity
    var smallestMinorMask: UInt64 = 0
    var pivotsChecked = 0

    init(_ m: Matrix, threshold: Double) {
        n = m.rows
        self.threshold = threshold
        var offsets: [Int] = [], total = 0
        for level in 0..<n { offsets.append(total); total += (n - level) * (n - level) }
        self.offsets = offsets
        work = .allocate(capacity: Swift.max(total, 1))
        m.withColumnMajorElements { work.update(from: $0.baseAddress!, count: n * n) }
    }

    deinit { work.deallocate() }

    static func indices(of mask: UInt64) -> [Int] {
        (0..<64).filter { mask & (UInt64(1) << UInt64($0)) != 0 }
    }

    func run() {
        guard n > 0 else { smallestPivot = 1; smallestMinor = 1; return }
        _ = visit(level: 0, detBeta: 1, mask: 0)
    }

    /// Checks the node's pivot, then its two children. Returns false once a failure is recorded.
    private func visit(level: Int, detBeta: Double, mask: UInt64) -> Bool {
        let s = n - level
        let current = work + offsets[level]
        let pivot = current[0]
        let subsetMask = mask | (UInt64(1) << UInt64(level))
        let minor = detBeta * pivot
        pivotsChecked += 1
        if pivot < smallestPivot { smallestPivot = pivot }
        if minor < smallestMinor { smallestMinor = minor; smallestMinorMask = subsetMask }
        guard pivot > threshold else {
            failure = PMatrixTest.Failure(subset: PrincipalPivotScan.indices(of: subsetMask), pivot: pivot, minor: minor)
            return false
        }
        guard s > 1 else { return true }
        let child = work + offsets[level + 1]
        let c = s - 1
        // Delete index `level`: the trailing principal submatrix of the same Schur complement.
        for j in 0..<c {
            let src = current + (j + 1) * s + 1
            let dst = child + j * c
            for i in 0..<c { dst[i] = src[i] }
        }
        guard visit(level: level + 1, detBeta: detBeta, mask: mask) else { return false }
        // Eliminate index `level`: the Schur complement with respect to the pivot.
        for j in 0..<c {
            let src = current + (j + 1) * s + 1
            let dst = child + j * c
            let factor = current[(j + 1) * s] / pivot
            for i in 0..<c { dst[i] = src[i] - current[i + 1] * factor }
        }
        return visit(level: level + 1, detBeta: minor, mask: subsetMask)
    }
}
