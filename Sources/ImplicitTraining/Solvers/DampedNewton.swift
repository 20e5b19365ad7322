import Linalg

/// Newton's method with Armijo backtracking for a smooth strictly convex function of a few
/// variables (one sample's states), optionally kept inside an open box by a fraction-to-boundary
/// rule (the tanh conjugate Φ* is finite only on (−1, 1)).
///
/// Stops when ‖∇h‖∞ ≤ `tolerance` · max(1, ‖x‖∞); the objective never increases.
struct DampedNewton {
    /// 1e-10: the per-sample gradients are O(1); tighter is below what the outer descent sees.
    var tolerance = 1e-10
    var maxIterations = 100
    /// Armijo's sufficient-decrease constant.
    static let armijo = 1e-4
    /// Backtracking halvings before a step is given up (2⁻⁶⁰ is below double precision).
    static let maxHalvings = 60

    /// - Parameters:
    ///   - value: h(x), +∞ outside the domain.
    ///   - derivatives: ∇h(x) and ∇²h(x) (symmetric positive definite).
    ///   - bound: when set, every iterate keeps |xᵢ| ≤ bound.
    func minimize(from start: [Double], bound: Double? = nil,
                  value: ([Double]) -> Double,
                  derivatives: ([Double]) -> (gradient: [Double], hessian: Matrix)) -> [Double] {
        var x = start
        var hx = value(x)
        for _ in 0..<maxIterations {
            let (g, hessian) = derivatives(x)
            let scale = Swift.max(1, x.reduce(0) { Swift.max($0, Swift.abs($1)) })
            if g.reduce(0, { Swift.max($0, Swift.abs($1)) }) <= tolerance * scale { break }
            guard let lu = try? LUFactorization(hessian), !lu.isSingular,
                  let solved = try? lu.solve(Matrix(column: g)) else { break }
            let direction = solved.storage.map { -$0 }
            var slope = 0.0
            for i in g.indices { slope += g[i] * direction[i] }
            guard slope < 0 else { break }
            var t = 1.0
            if let bound {
                // Fraction to the boundary: at most 99 % of the way to |xᵢ| = bound.
                for i in x.indices where direction[i] != 0 {
                    let room = direction[i] > 0 ? bound - x[i] : x[i] + bound
                    t = Swift.min(t, 0.99 * room / Swift.abs(direction[i]))
                }
            }
            var accepted = false
            for _ in 0..<DampedNewton.maxHalvings {
                var trial = x
                for i in x.indices { trial[i] += t * direction[i] }
                let ht = value(trial)
                if ht <= hx + DampedNewton.armijo * t * slope {
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
