import Linalg

/// Newton's method with Armijo backtracking for a smooth strictly convex function of a few
/// variables (one sample's states), optionally on a box lower ≤ xᵢ ≤ upper (the tanh conjugate
/// Φ* is finite only on (−1, 1), and the box keeps its slope finite; the ReLU conjugate only on
/// x ≥ 0).
///
/// On a box this is Bertsekas' projected Newton method (1982): a coordinate at the bound whose
/// gradient pushes outward is held there, Newton's step is taken in the others, at most 99 % of
/// the way to the bound, and the trial points are projected back onto the box while
/// backtracking. Stops when the projected
/// gradient satisfies ‖∇h‖∞ ≤ `tolerance` · max(1, ‖x‖∞); the objective never increases.
struct DampedNewton {
    /// 1e-10: the per-sample gradients are O(1); tighter is below what the outer descent sees.
    var tolerance = 1e-10
    var maxIterations = 100
    /// Armijo's sufficient-decrease constant.
    static let armijo = 1e-4
    /// A coordinate this close to the bound, with the gradient pointing out, is held there.
    static let heldDistance = 1e-10
    /// Steps go at most this fraction of the way to the bound (fraction to the boundary), so a
    /// coordinate approaching it is held after a few steps instead of clipped at every one.
    static let boundaryFraction = 0.99
    /// Backtracking halvings before a step is given up (2⁻⁶⁰ is below double precision).
    static let maxHalvings = 60

    /// - Parameters:
    ///   - value: h(x), +∞ outside the domain.
    ///   - derivatives: ∇h(x) and ∇²h(x) (symmetric positive definite).
    ///   - lower, upper: when set, every iterate keeps lower ≤ xᵢ ≤ upper.
    func minimize(from start: [Double], lower: Double? = nil, upper: Double? = nil,
                  value: ([Double]) -> Double,
                  derivatives: ([Double]) -> (gradient: [Double], hessian: Matrix)) -> [Double] {
        let n = start.count
        func clip(_ v: Double) -> Double {
            var v = v
            if let lower { v = Swift.max(lower, v) }
            if let upper { v = Swift.min(upper, v) }
            return v
        }
        var x = start.map(clip)
        var hx = value(x)
        for _ in 0..<maxIterations {
            let (g, hessian) = derivatives(x)
            // Held: at the bound with the gradient pointing out of the box.
            let held = (0..<n).map { i in
                (upper.map { x[i] >= $0 - Self.heldDistance && g[i] < 0 } ?? false)
                    || (lower.map { x[i] <= $0 + Self.heldDistance && g[i] > 0 } ?? false)
            }
            // A held coordinate is put on its bound: the gradient points there, so f does not
            // rise (to first order, over at most `heldDistance`), and a ReLU proxy that the sign
            // constraint binds is exactly 0.
            var snapped = false
            for i in 0..<n where held[i] {
                let limit = (g[i] < 0 ? upper : lower) ?? x[i]
                if x[i] != limit { x[i] = limit; snapped = true }
            }
            if snapped { hx = value(x) }
            let free = (0..<n).filter { !held[$0] }
            let scale = Swift.max(1, x.reduce(0) { Swift.max($0, Swift.abs($1)) })
            if free.allSatisfy({ Swift.abs(g[$0]) <= tolerance * scale }) { break }
            guard let lu = try? LUFactorization(hessian.submatrix(rows: free, cols: free)), !lu.isSingular,
                  let solved = try? lu.solve(Matrix(column: free.map { g[$0] })) else { break }
            var direction = [Double](repeating: 0, count: n)
            for (k, i) in free.enumerated() { direction[i] = -solved[k, 0] }
            var t = 1.0, accepted = false
            for i in free where direction[i] != 0 {
                guard let limit = direction[i] > 0 ? upper : lower else { continue }
                let room = Swift.abs(limit - x[i])
                if room > Self.heldDistance { t = Swift.min(t, Self.boundaryFraction * room / Swift.abs(direction[i])) }
            }
            for _ in 0..<DampedNewton.maxHalvings {
                var trial = x
                for i in 0..<n { trial[i] = clip(x[i] + t * direction[i]) }
                var decrease = 0.0
                for i in 0..<n { decrease += g[i] * (trial[i] - x[i]) }
                let ht = value(trial)
                if decrease < 0, ht <= hx + DampedNewton.armijo * decrease {
                    x = trial; hx = ht; accepted = true
                    break
                }
                t *= 0.5
            }
            if !accepted { break }
        }
        return x
    }
}
