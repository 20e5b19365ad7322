import ImplicitModel

/// The answer to "does x = φ(Ax + b) have exactly one solution for every b?".
public enum Verdict: String, Codable, Sendable, Hashable, CaseIterable {
    /// Proven by a certificate.
    case wellPosed
    /// Proven by a verified witness: a b with two distinct solutions.
    case illPosed
    /// Neither a certificate nor a witness was found within the budget.
    case undecided
}
