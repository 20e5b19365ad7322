import ImplicitModel

extension ComponentAnalyzer {
    /// Identity states only: x = Ax + b has exactly one solution for every b iff I − A is
    /// nonsingular. Singular: x¹ = 0 and x² = y, y a null vector, both solve it for b = 0.
    func identity() -> Decision {
        let k = a.rows
        let criterion = ComponentAnalyzer.identityCriterion
        let m = Matrix.identity(k) - a
        var notes: [String] = []
        if let lu = try? LUFactorization(m), !lu.isSingular {
            let rcond = lu.reciprocalCondition(norm1: m.norm1)
            if rcond > options.conditionTolerance {
                var certificate = WellPosednessCertificate(
                    kind: .nonsingular, matrix: .a,
                    condition: "I − M is nonsingular: reciprocal 1-norm condition number above the tolerance",
                    value: rcond, bound: options.conditionTolerance)
                certificate.determinantSign = lu.determinantSign
                return decision(.certified(certificate), criterion: criterion, exact: true)
            }
            notes.append("I − A is nonsingular in floating point but its reciprocal condition number \(rcond) is at most \(options.conditionTolerance)")
        }
        if let svd = try? SingularValueDecomposition(m), let last = svd.values.indices.last {
            let y = svd.vt.row(last)
            let zero = [Double](repeating: 0, count: k)
            if let witness = verified(reason: .singular, b: zero, x1: zero, x2: normalized(b: zero, x1: zero, x2: y).x2) {
                return decision(.witness(witness), criterion: criterion, exact: true)
            }
            notes.append("the null vector of I − A (σ_min = \(svd.values[last])) did not verify as a witness")
        }
        return decision(.undecided(notes: notes), criterion: criterion, exact: false)
    }
}
