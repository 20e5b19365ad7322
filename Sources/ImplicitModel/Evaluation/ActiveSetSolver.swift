/// Solves x = φ(A x + c) exactly for piecewise-linear φ (relu, leaky relu, identity).
///
/// On a fixed active set, φ is linear: x = S z with S = diag(slopes) and z = A x + c, so
/// x = (I − S A)⁻¹ S c, one LU solve. The set is consistent when every z_i lies on the side of
/// zero its slope assumes. Inconsistent sets are changed by a full Newton step (all slopes from
/// the signs of z) while no set repeats, then by Murty's least-index rule (flip only the first
/// violated state), which is finite for ReLU whenever I − A is a P-matrix (Murty 1974), i.e.
/// whenever the block is well-posed.
public struct ActiveSetSolver: Sendable {
    public let a: Matrix
    public let activations: [Activation]
    public let maxPivots: Int

    /// A state counts as on the wrong side of zero when it is beyond this times max(1, max |z|):
    /// solutions on a kink (z_i = 0) are consistent with both slopes.
    public static let signTolerance = 1e-12

    public init(a: Matrix, activations: [Activation], maxPivots: Int) {
        self.a = a
        self.activations = activations
        self.maxPivots = maxPivots
    }

    /// The two slopes of state i: (for z ≤ 0, for z > 0); (1, 1) for an activation without kink
    /// slopes, which the caller never passes (it checks `isPiecewiseLinear`).
    private func slopes(_ i: Int) -> (low: Double, high: Double) {
        guard let kink = activations[i].kinkSlopes else { return (1, 1) }
        return (kink.below, kink.above)
    }

    public enum Outcome: Sendable, Equatable {
        case solved([Double])
        /// I − S A is singular for an active set met on the way: the component is not well-posed.
        case singular
        case pivotLimitReached
    }

    public func solve(_ c: [Double]) -> Outcome {
        let n = c.count
        // true: the "z > 0" slope.
        var high = c.map { $0 > 0 }
        var seen: Set<[Bool]> = []
        var leastIndexMode = false
        for _ in 0...maxPivots {
            let s = (0..<n).map { high[$0] ? slopes($0).high : slopes($0).low }
            // States with slope 0 are 0; the others solve (I − S_P A_PP) x_P = S_P c_P, a system
            // of the active states only (about half of n for ReLU, a quarter of the work of LU).
            let p = (0..<n).filter { s[$0] != 0 }
            var m = a.submatrix(rows: p, cols: p)
            for jj in p.indices {
                for ii in p.indices { m[ii, jj] *= -s[p[ii]] }
                m[jj, jj] += 1
            }
            guard let lu = try? LUFactorization(m), !lu.isSingular,
                  let solved = try? lu.solve(Matrix(column: p.map { s[$0] * c[$0] })) else { return .singular }
            var x = [Double](repeating: 0, count: n)
            for (ii, i) in p.enumerated() { x[i] = solved[ii, 0] }
            var z = a.apply(to: x)
            for i in 0..<n { z[i] += c[i] }
            let tolerance = ActiveSetSolver.signTolerance * max(1, z.map(abs).max() ?? 0)
            let violated = (0..<n).filter { i in
                let (low, hi) = slopes(i)
                guard low != hi else { return false }
                return high[i] ? z[i] < -tolerance : z[i] > tolerance
            }
            guard let first = violated.first else {
                return .solved((0..<n).map { activations[$0](z[$0]) })
            }
            if !leastIndexMode, seen.insert(high).inserted {
                for i in violated { high[i].toggle() }
            } else {
                leastIndexMode = true
                high[first].toggle()
            }
        }
        return .pivotLimitReached
    }
}
