import Linalg

/// min ½ xᵀ H x − rᵀ x subject to x ≥ 0, for a symmetric positive definite H.
///
/// The active-set method of Lawson and Hanson (1974), written on H rather than on a least
/// squares factor: free variables are added one at a time by largest gradient r − Hx, and a
/// step back to feasibility drops the ones that hit zero. It terminates in finitely many steps
/// at the KKT point (x ≥ 0, w = r − Hx ≤ 0, xᵢwᵢ = 0), which is the unique minimiser. This is
/// the ReLU P-step of §4.2 with the sign constraint the divergence (7) imposes.
struct NonnegativeQuadraticProgram {
    let h: Matrix
    /// A gradient entry below this counts as zero: 1e-12 relative to the scale of H, the
    /// rounding of the subproblem solves.
    static let optimalityTolerance = 1e-12

    func solve(_ r: [Double]) -> [Double] {
        let n = r.count
        precondition(h.rows == n && h.cols == n)
        var x = [Double](repeating: 0, count: n)
        var free = [Bool](repeating: false, count: n)
        let scale = Swift.max(1, h.maxAbs, r.map(Swift.abs).max() ?? 0)
        let tol = NonnegativeQuadraticProgram.optimalityTolerance * scale
        let maxOuter = 3 * n + 10
        for _ in 0..<maxOuter {
            let hx = h.apply(to: x)
            var best = -1, bestValue = tol
            for i in 0..<n where !free[i] && r[i] - hx[i] > bestValue { best = i; bestValue = r[i] - hx[i] }
            guard best >= 0 else { break }
            free[best] = true
            var inner = 0
            while inner <= n {
                inner += 1
                let set = (0..<n).filter { free[$0] }
                guard let s = subproblem(set, r) else { free[best] = false; return x }
                if s.allSatisfy({ $0 > 0 }) {
                    for (k, i) in set.enumerated() { x[i] = s[k] }
                    break
                }
                var alpha = 1.0
                for (k, i) in set.enumerated() where s[k] <= 0 {
                    alpha = Swift.min(alpha, x[i] / (x[i] - s[k]))
                }
                for (k, i) in set.enumerated() {
                    x[i] += alpha * (s[k] - x[i])
                    if x[i] <= 0 || (s[k] <= 0 && x[i] <= tol) { x[i] = 0; free[i] = false }
                }
            }
        }
        return x
    }

    /// The unconstrained minimiser over the free set: H_SS s = r_S.
    private func subproblem(_ set: [Int], _ r: [Double]) -> [Double]? {
        guard !set.isEmpty else { return [] }
        let sub = h.submatrix(rows: set, cols: set)
        guard let lu = try? LUFactorization(sub), !lu.isSingular,
              let s = try? lu.solve(Matrix(column: set.map { r[$0] })) else { return nil }
        return s.column(0)
    }
}
