import ImplicitModel

/// Sign-reversing vectors from real eigenvalues: if A'x = λx with λ real and λ ≥ 1, then
/// xᵢ((I − A')x)ᵢ = (1 − λ)xᵢ² ≤ 0 for every i, so I − A' is not a P-matrix (a P-matrix has no
/// real eigenvalue ≤ 0) and x feeds the two-solution construction of `LCPWitnessCandidate`.
///
/// Used by the bounded search on components beyond the exact limit, where a dense random-like A'
/// with spectral radius above 1 usually has real eigenvalues above 1 but no small principal
/// minor ≤ 0. The eigenvalues come from `dgeev` without vectors; each vector from a few steps of
/// inverse iteration with the shift λ(1 + `inverseIterationOffset`), which keeps A' − shift·I
/// invertible while making λ's direction dominate.
enum RealEigenvalueSearch {
    /// Relative offset of the inverse-iteration shift from the eigenvalue: large against rounding
    /// in λ (≈ 1e-16 · ‖A'‖), small enough that one step amplifies λ's direction by ~10⁸.
    static let inverseIterationOffset = 1e-8
    /// An eigenvalue counts as real when |Im λ| ≤ this · max(1, |λ|).
    static let realTolerance = 1e-12
    static let inverseIterationSteps = 3
    /// Eigenvalues tried, largest first.
    static let maximumCandidates = 3

    /// Pairs (λ, x) for the largest real eigenvalues λ ≥ 1 of `a`, at most `maximumCandidates`.
    static func candidates(_ a: Matrix) -> [(eigenvalue: Double, vector: [Double])] {
        guard let (real, imaginary) = try? a.eigenvalues() else { return [] }
        let lambdas = real.indices
            .filter { abs(imaginary[$0]) <= realTolerance * max(1, abs(real[$0])) && real[$0] >= 1 }
            .map { real[$0] }
            .sorted(by: >)
            .prefix(maximumCandidates)
        let n = a.rows
        return lambdas.compactMap { lambda in
            var shifted = a
            let shift = lambda * (1 + inverseIterationOffset)
            for i in 0..<n { shifted[i, i] -= shift }
            guard let lu = try? LUFactorization(shifted), !lu.isSingular else { return nil }
            var x = (0..<n).map { 1 + Double($0 % 7) / 7 }
            for _ in 0..<inverseIterationSteps {
                guard let solved = try? lu.solve(Matrix(column: x)) else { return nil }
                let top = solved.column(0).map { abs($0) }.max() ?? 0
                guard top > 0, top.isFinite else { return nil }
                x = solved.column(0).map { $0 / top }
            }
            return (lambda, x)
        }
    }
}
