import ImplicitModel

/// A bias b and two nonnegative vectors u¹ ≠ u² that should both solve u = max(0, A'u + b), i.e.
/// the LCP  u ≥ 0, w = Mu − b ≥ 0, uᵀw = 0  with M = I − A'. Candidates are unverified: the
/// component analysis maps them to the model's activation and keeps only those that pass.
struct LCPWitnessCandidate {
    var b: [Double]
    var u1: [Double]
    var u2: [Double]
    var reason: IllPosednessWitness.Reason
    /// Local indices of the principal subset behind the candidate, with det(M[α, α]).
    var subset: [Int]?
    var principalMinor: Double?
    var perronLowerBound: Double?
    var eigenvalue: Double?

    /// Two solutions from a sign-reversing vector of M.
    ///
    /// Let x ≠ 0 with xᵢ (Mx)ᵢ ≤ 0 for every i (one exists iff M is not a P-matrix: Gale–Nikaido,
    /// Fiedler–Pták), and split x = p − n with p = max(x, 0), n = max(−x, 0). Take
    ///   bᵢ = (Mp)ᵢ if xᵢ > 0,   bᵢ = (Mn)ᵢ if xᵢ < 0,   bᵢ = min((Mp)ᵢ, (Mn)ᵢ) if xᵢ = 0.
    /// Then u = p solves the LCP: w = Mp − b is 0 where xᵢ > 0 (complementary to pᵢ > 0); where
    /// xᵢ < 0 it is (Mp − Mn)ᵢ = (Mx)ᵢ ≥ 0 because xᵢ < 0 and xᵢ (Mx)ᵢ ≤ 0, and pᵢ = 0 there; where
    /// xᵢ = 0 it is ≥ 0 by the min and pᵢ = 0. Symmetrically u = n solves it: w = Mn − b is 0 where
    /// xᵢ < 0, equals −(Mx)ᵢ ≥ 0 where xᵢ > 0, and is ≥ 0 where xᵢ = 0. Finally p ≠ n since
    /// p − n = x ≠ 0. (u solves the LCP iff u = max(0, A'u + b): where uᵢ > 0, wᵢ = 0 says
    /// uᵢ = (A'u + b)ᵢ; where uᵢ = 0, wᵢ ≥ 0 says (A'u + b)ᵢ ≤ 0.)
    /// - Parameter x: sign-reversing for M, normalized to ‖x‖∞ = 1 by this function.
    static func fromSignReversing(_ m: Matrix, _ x: [Double], reason: IllPosednessWitness.Reason,
                                  subset: [Int]? = nil, principalMinor: Double? = nil) -> LCPWitnessCandidate? {
        let top = x.map { Swift.abs($0) }.max() ?? 0
        guard top > 0, top.isFinite else { return nil }
        let scaled = x.map { $0 / top }
        let p = scaled.map { Swift.max($0, 0) }
        let n = scaled.map { Swift.max(-$0, 0) }
        let mp = m.apply(to: p), mn = m.apply(to: n)
        var b = [Double](repeating: 0, count: x.count)
        for i in x.indices {
            if scaled[i] > 0 { b[i] = mp[i] } else if scaled[i] < 0 { b[i] = mn[i] } else { b[i] = Swift.min(mp[i], mn[i]) }
        }
        return LCPWitnessCandidate(b: b, u1: p, u2: n, reason: reason, subset: subset, principalMinor: principalMinor)
    }
}
