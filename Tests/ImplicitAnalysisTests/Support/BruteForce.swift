import Linalg

/// The truth the analysis is compared with: every principal minor of a small matrix, each by its
/// own Gaussian elimination with partial pivoting, sharing nothing with the recursive test.
enum BruteForce {
    /// det M[α, α] for every nonempty α, in bitmask order.
    static func principalMinors(_ m: Matrix) -> [(subset: [Int], det: Double)] {
        let n = m.rows
        var result: [(subset: [Int], det: Double)] = []
        forEachMinor(m) { mask, det in
            result.append(((0..<n).filter { mask & (1 << $0) != 0 }, det))
            return true
        }
        return result
    }

    static func isPMatrix(_ m: Matrix) -> Bool {
        var isP = true
        forEachMinor(m) { _, det in
            isP = det > 0
            return isP
        }
        return isP
    }

    /// Calls `body(mask, det M[α, α])` for every nonempty α until it returns false. Each minor is
    /// its own Gaussian elimination with partial pivoting on a scratch buffer (unsafe pointers keep
    /// the half-million small eliminations of the soundness test fast in debug builds).
    static func forEachMinor(_ m: Matrix, _ body: (Int, Double) -> Bool) {
        let n = m.rows
        precondition(n <= 16, "brute force is for small matrices")
        let full = UnsafeMutablePointer<Double>.allocate(capacity: max(1, n * n))
        let w = UnsafeMutablePointer<Double>.allocate(capacity: max(1, n * n))
        let index = UnsafeMutablePointer<Int>.allocate(capacity: max(1, n))
        defer { full.deallocate(); w.deallocate(); index.deallocate() }
        for i in 0..<n { for j in 0..<n { full[i * n + j] = m[i, j] } }
        var mask = 1
        while mask < (1 << n) {
            var s = 0
            for i in 0..<n where mask & (1 << i) != 0 { index[s] = i; s += 1 }
            for r in 0..<s { for c in 0..<s { w[r * s + c] = full[index[r] * n + index[c]] } }
            var det = 1.0
            var k = 0
            while k < s {
                var p = k
                var r = k + 1
                while r < s { if abs(w[r * s + k]) > abs(w[p * s + k]) { p = r }; r += 1 }
                if w[p * s + k] == 0 { det = 0; break }
                if p != k {
                    for c in 0..<s { let t = w[k * s + c]; w[k * s + c] = w[p * s + c]; w[p * s + c] = t }
                    det = -det
                }
                let pivot = w[k * s + k]
                det *= pivot
                r = k + 1
                while r < s {
                    let f = w[r * s + k] / pivot
                    var c = k + 1
                    while c < s { w[r * s + c] -= f * w[k * s + c]; c += 1 }
                    r += 1
                }
                k += 1
            }
            if !body(mask, det) { return }
            mask += 1
        }
    }

    /// The smallest principal minor.
    static func smallestMinor(_ m: Matrix) -> Double {
        principalMinors(m).map(\.det).min() ?? 1
    }

    /// I − A.
    static func complement(_ a: Matrix) -> Matrix {
        var m = a
        for j in 0..<a.cols { for i in 0..<a.rows { m[i, j] = (i == j ? 1 : 0) - a[i, j] } }
        return m
    }
}

extension BruteForce {
    /// det M by LAPACK's LU.
    static func determinant(_ m: Matrix) -> Double {
        (try? LUFactorization(m))?.determinant ?? .nan
    }

    /// Whether the piecewise-linear map z ↦ z − A φ(z) (φᵢ with slope lowᵢ below zero and 1 above)
    /// is coherently oriented: det(I − A S) has one strict sign over all 2ᵏ slope patterns S. That
    /// is the classical criterion (Eaves–Rothblum, Kuhn–Löwen) for the piecewise-affine map to be a
    /// bijection, i.e. for x = φ(Ax + b) to be well-posed; it shares no code with the analysis' LCP
    /// reformulation.
    static func isCoherentlyOriented(_ a: Matrix, lowSlopes: [Double]) -> Bool {
        let n = a.rows
        var sign = 0
        for mask in 0..<(1 << n) {
            var m = Matrix.identity(n)
            for j in 0..<n {
                let slope = mask & (1 << j) != 0 ? 1 : lowSlopes[j]
                for i in 0..<n { m[i, j] -= a[i, j] * slope }
            }
            let det = determinant(m)
            let s = det > 0 ? 1 : det < 0 ? -1 : 0
            if s == 0 || (sign != 0 && s != sign) { return false }
            sign = s
        }
        return true
    }
}
