/// Minimises F(w) = f(w) + g(w), f smooth (not necessarily convex), g convex with an exact
/// proximal map (a constraint's projection, a penalty's shrinkage), by proximal gradient steps
/// with the Barzilai–Borwein (spectral) step length and backtracking (Birgin, Martínez, Raydan
/// 2000; Wright, Nowak, Figueiredo 2009):
///
///     w⁺ = prox_{t g}(w − t ∇f(w)),  accepted when  f(w⁺) ≤ f(w) + ∇f(w)ᵀ(w⁺ − w) + ‖w⁺ − w‖² / (2t),
///
/// t halved until it is. The accepted test is the descent lemma's: it gives
/// F(w⁺) ≤ F(w) − ‖w⁺ − w‖²/(2t), so F never increases (monotone, unlike the non-monotone SPG).
/// The next trial t is sᵀs / sᵀy (s = Δw, y = Δ∇f), clamped to [`minStep`, `maxStep`];
/// where sᵀy ≤ 0 (negative curvature along s) the last step is doubled.
struct SpectralProximalGradient {
    var maxSteps: Int
    /// Steps stop when ‖w⁺ − w‖ ≤ this · max(1, ‖w‖): below, the iterates move in the last digits.
    static let stationarity = 1e-10
    static let minStep = 1e-12, maxStep = 1e12
    /// Halvings before a step is given up (2⁻⁶⁰ of a step is below double precision).
    static let maxHalvings = 60

    /// One accepted step, for the history.
    struct Step {
        var point: [Double]
        var value: Double
        var stepLength: Double
    }

    /// - Parameters:
    ///   - evaluate: f(w) and a way to get ∇f(w) at that point (so a rejected trial point
    ///     costs one evaluation and no gradient).
    ///   - nonsmooth: g(w).
    ///   - proximal: prox_{t g}(v).
    ///   - accepted: called after every accepted step, before any other evaluation: the last
    ///     `evaluate` was of the point it is given, so what that evaluation computed (a forward
    ///     solve, a built model) can be reused for the step.
    /// - Parameter initialStep: the first trial t; nil: 1/‖∇f(w₀)‖, a first move of length at most 1.
    func minimize(from start: [Double], initialStep: Double?,
                  evaluate: ([Double]) throws -> (value: Double, gradient: () throws -> [Double]),
                  nonsmooth: ([Double]) -> Double,
                  proximal: ([Double], Double) -> [Double],
                  accepted: (Step) throws -> Void) throws -> [Double] {
        var w = start
        var (f, gradientAt) = try evaluate(w)
        var gradient = try gradientAt()
        let norm = gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
        var t = Swift.min(Self.maxStep, Swift.max(Self.minStep, initialStep ?? (norm > 0 ? 1 / norm : 1)))
        for _ in 0..<maxSteps {
            var next: (point: [Double], value: Double, gradient: () throws -> [Double])?
            for _ in 0..<Self.maxHalvings {
                var v = w
                for k in v.indices { v[k] -= t * gradient[k] }
                let trial = proximal(v, t)
                let (ft, gt) = try evaluate(trial)
                var linear = 0.0, squared = 0.0
                for k in w.indices {
                    let d = trial[k] - w[k]
                    linear += gradient[k] * d
                    squared += d * d
                }
                if ft.isFinite, ft <= f + linear + squared / (2 * t) {
                    next = (trial, ft, gt)
                    break
                }
                t *= 0.5
            }
            guard let next else { break }
            let newGradient = try next.gradient()
            var ss = 0.0, sy = 0.0, ww = 0.0
            for k in w.indices {
                let s = next.point[k] - w[k], y = newGradient[k] - gradient[k]
                ss += s * s
                sy += s * y
                ww += next.point[k] * next.point[k]
            }
            let used = t
            t = sy > 0 ? ss / sy : 2 * t
            t = Swift.min(Self.maxStep, Swift.max(Self.minStep, t))
            w = next.point
            f = next.value
            gradient = newGradient
            try accepted(Step(point: w, value: f + nonsmooth(w), stepLength: used))
            if ss.squareRoot() <= Self.stationarity * Swift.max(1, ww.squareRoot()) { break }
        }
        return w
    }
}
