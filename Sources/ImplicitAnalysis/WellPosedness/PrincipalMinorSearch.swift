import ImplicitModel

/// The bounded search for a principal minor det(M[α, α]) ≤ 0 on a component too large for the
/// exact test: the full determinant, greedy growth of α, then random subsets.
///
/// Greedy growth adds, to a subset α with det M[α] > 0, the index j with the smallest Schur pivot
/// pⱼ = mⱼⱼ − M[j, α] M[α, α]⁻¹ M[α, j] = det M[α ∪ j] / det M[α]; a pⱼ ≤ 0 is a minor ≤ 0. Finding
/// nothing proves nothing (deciding P is co-NP-complete): the component is then undecided.
struct PrincipalMinorSearch {
    struct Finding {
        /// Local indices, ascending.
        var subset: [Int]
        /// det M[subset, subset] when finite.
        var minor: Double?
        var reason: String
    }

    let m: Matrix
    let options: WellPosednessOptions
    /// A Schur pivot at or below this counts as non-positive.
    let threshold: Double

    /// The subsets with a minor ≤ 0 found, in order, and the number of subsets examined.
    func run() -> (findings: [Finding], examined: Int) {
        let k = m.rows
        var findings: [Finding] = []
        var examined = 0
        if k <= options.cubicSizeLimit, let lu = try? LUFactorization(m) {
            examined += 1
            if lu.determinantSign <= 0 {
                let det = lu.determinant
                findings.append(Finding(subset: Array(0..<k), minor: det.isFinite ? det : nil,
                                        reason: "det(I − M) ≤ 0 over the whole component"))
            }
        }
        var generator = SplitMix64(seed: options.seed)
        for start in smallestPairs(count: options.greedyStarts) {
            let (finding, steps) = grow(from: start)
            examined += steps
            if let finding { findings.append(finding); return (findings, examined) }
        }
        if !findings.isEmpty { return (findings, examined) }
        let largest = Swift.min(k, options.greedyMaxSize)
        guard largest >= 3 else { return (findings, examined) }
        for _ in 0..<options.searchSubsets {
            let size = Int.random(in: 3...largest, using: &generator)
            var pool = Array(0..<k)
            for i in 0..<size { pool.swapAt(i, Int.random(in: i..<k, using: &generator)) }
            let subset = pool[0..<size].sorted()
            examined += 1
            guard let lu = try? LUFactorization(m.submatrix(rows: subset, cols: subset)) else { continue }
            if lu.determinantSign <= 0 {
                findings.append(Finding(subset: subset, minor: lu.determinant, reason: "random principal subset"))
                break
            }
        }
        return (findings, examined)
    }

    /// The pairs {i, j} with the smallest 2 × 2 principal minors (all positive by now).
    private func smallestPairs(count: Int) -> [[Int]] {
        let k = m.rows
        guard k >= 2, count > 0 else { return [] }
        var best: [(minor: Double, pair: [Int])] = []
        for j in 0..<k {
            for i in 0..<j {
                let minor = m[i, i] * m[j, j] - m[i, j] * m[j, i]
                if best.count < count || minor < best[best.count - 1].minor {
                    best.append((minor, [i, j]))
                    best.sort { $0.minor < $1.minor }
                    if best.count > count { best.removeLast() }
                }
            }
        }
        return best.map(\.pair)
    }

    /// Greedy growth from `start`; returns a subset with a non-positive pivot, or nil, and the
    /// number of growth steps.
    private func grow(from start: [Int]) -> (Finding?, Int) {
        let k = m.rows
        var alpha = start
        var steps = 0
        while alpha.count < Swift.min(k, options.greedyMaxSize) {
            steps += 1
            guard let lu = try? LUFactorization(m.submatrix(rows: alpha, cols: alpha)), !lu.isSingular,
                  let inverse = try? lu.inverse() else { return (nil, steps) }
            let rowsAlpha = m.submatrix(rows: alpha, cols: Array(0..<k))      // M[α, :]
            let colsAlpha = m.submatrix(rows: Array(0..<k), cols: alpha)      // M[:, α]
            let w = inverse * rowsAlpha                                       // M[α,α]⁻¹ M[α, :]
            let inside = Set(alpha)
            var bestJ = -1, bestPivot = Double.infinity
            for j in 0..<k where !inside.contains(j) {
                var correction = 0.0
                for r in alpha.indices { correction += colsAlpha[j, r] * w[r, j] }
                let pivot = m[j, j] - correction
                if pivot < bestPivot { bestPivot = pivot; bestJ = j }
            }
            guard bestJ >= 0 else { return (nil, steps) }
            alpha.append(bestJ)
            if bestPivot <= threshold {
                let det = lu.determinant * bestPivot
                return (Finding(subset: alpha.sorted(), minor: det.isFinite ? det : nil,
                                reason: "greedy Schur-pivot growth"), steps)
            }
        }
        return (nil, steps)
    }
}
