import ImplicitModel

/// The fallback witness search: all solutions of u = max(0, A'u + b) supported on a small
/// principal subset α, found by enumerating its 2^|α| complementary bases.
///
/// For a support σ ⊆ α the candidate is u_σ = M[σ,σ]⁻¹ b_σ, u = 0 elsewhere; it solves the LCP on
/// α when u_σ ≥ 0 and w = (Mu − b) ≥ 0 on α ∖ σ. States outside α get bᵢ below every (Muᵏ)ᵢ, so
/// they stay at zero in every solution found. Used only when the direct construction from a
/// sign-reversing vector fails numerically (nearly singular minors).
struct LCPEnumeration {
    let m: Matrix
    let subset: [Int]
    /// Entries of u and w down to −tolerance · scale count as nonnegative.
    let tolerance: Double

    /// Two distinct solutions for one of the right-hand sides tried, or nil.
    func twoSolutions(rightHandSides: [[Double]], separation: Double) -> LCPWitnessCandidate? {
        for b in rightHandSides {
            let solutions = solutions(b, separation: separation)
            guard solutions.count >= 2 else { continue }
            let u1 = solutions[0], u2 = solutions[1]
            let mu1 = m.apply(to: u1), mu2 = m.apply(to: u2)
            var full = b
            let inside = Set(subset)
            let scale = Swift.max(1, b.map { Swift.abs($0) }.max() ?? 0)
            for i in 0..<m.rows where !inside.contains(i) { full[i] = Swift.min(mu1[i], mu2[i]) - scale }
            let top = Swift.max(u1.map { Swift.abs($0) }.max() ?? 0, u2.map { Swift.abs($0) }.max() ?? 0)
            guard top > separation else { continue }
            return LCPWitnessCandidate(b: full.map { $0 / top }, u1: u1.map { $0 / top }, u2: u2.map { $0 / top },
                                       reason: .enumeration, subset: subset)
        }
        return nil
    }

    /// Solutions supported on α for the right-hand side b (length k; entries outside α ignored),
    /// two of them distinct when they differ by more than separation · max(1, ‖b_α‖∞).
    func solutions(_ b: [Double], separation: Double) -> [[Double]] {
        let s = subset.count
        let scale = Swift.max(1, subset.map { Swift.abs(b[$0]) }.max() ?? 0)
        var found: [[Double]] = []
        for mask in 0..<(1 << s) {
            let sigma = (0..<s).filter { mask & (1 << $0) != 0 }.map { subset[$0] }
            var u = [Double](repeating: 0, count: m.rows)
            if !sigma.isEmpty {
                let sub = m.submatrix(rows: sigma, cols: sigma)
                guard let lu = try? LUFactorization(sub), !lu.isSingular,
                      let solved = try? lu.solve(Matrix(column: sigma.map { b[$0] })) else { continue }
                for (r, i) in sigma.enumerated() { u[i] = solved[r, 0] }
            }
            let mu = m.apply(to: u)
            let feasible = subset.allSatisfy { i in
                u[i] >= -tolerance * scale && mu[i] - b[i] >= -tolerance * scale
            }
            guard feasible else { continue }
            let clipped = u.map { Swift.max($0, 0) }
            if !found.contains(where: { zip($0, clipped).allSatisfy { Swift.abs($0 - $1) <= separation * scale } }) {
                found.append(clipped)
            }
        }
        return found
    }
}
