import Foundation

/// Minimises f(w) + g(w), f convex with an L-Lipschitz gradient, g convex with a cheap proximal
/// map, by the monotone accelerated proximal gradient method (MFISTA, Beck & Teboulle 2009).
///
/// Each iterate is the better of the previous one and the proximal step, so the objective never
/// increases: a block step of the coordinate descent started at the current block can only
/// lower the training objective. Stops when the proximal gradient mapping
/// L‖prox(y − ∇f(y)/L) − y‖ falls below `tolerance · max(1, |F|)` or after `maxIterations`.
struct ProximalGradient {
    /// 1e-9 relative: the steps feed an outer descent of a few dozen sweeps; tighter inner
    /// solves change its iterates below the forward solve's own 1e-12 tolerance.
    var tolerance = 1e-9
    var maxIterations = 2000

    /// - Parameters:
    ///   - smooth: f(w) and ∇f(w).
    ///   - nonsmooth: g(w) (+∞ outside a constraint set).
    ///   - proximal: prox_{t g}(v) for step t.
    func minimize(from start: [Double], lipschitz: Double,
                  smooth: ([Double]) -> (value: Double, gradient: [Double]),
                  nonsmooth: ([Double]) -> Double,
                  proximal: ([Double], Double) -> [Double]) -> (point: [Double], value: Double) {
        let lipschitz = Swift.max(lipschitz, Double.leastNormalMagnitude)
        let step = 1 / lipschitz
        var x = start
        var fx = smooth(x).value + nonsmooth(x)
        var y = x, t = 1.0
        for _ in 0..<maxIterations {
            let (_, gradient) = smooth(y)
            var v = y
            for i in v.indices { v[i] -= step * gradient[i] }
            let z = proximal(v, step)
            let fz = smooth(z).value + nonsmooth(z)
            var mapping = 0.0
            for i in z.indices { let d = z[i] - y[i]; mapping += d * d }
            mapping = mapping.squareRoot() * lipschitz
            let previous = x
            if fz <= fx { x = z; fx = fz }
            let tNext = (1 + (1 + 4 * t * t).squareRoot()) / 2
            for i in y.indices {
                y[i] = x[i] + (t / tNext) * (z[i] - x[i]) + ((t - 1) / tNext) * (x[i] - previous[i])
            }
            t = tNext
            if mapping <= tolerance * Swift.max(1, Swift.abs(fx)) { break }
        }
        return (x, fx)
    }
}
