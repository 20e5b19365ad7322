import ImplicitModel

extension ComponentAnalyzer {
    static let zeroBasedBoxCriterion = "slopes in [0, Lᵢ]: the vertex determinants det(I − A·D) of the slope box are the principal minors of I − LA, so well-posed iff I − LA is a P-matrix (undecided only when a minor is 0)"
    static let slopeBoxCriterion = "slopes in the box Πᵢ[σ₋ᵢ, σ₊ᵢ]: well-posed iff det(I − A·D) has one strict sign over the 2ᵏ vertices D, i.e. iff I − (I − A·S₀)⁻¹A(S₁ − S₀) is a P-matrix (undecided only when a vertex determinant is 0)"

    /// The matrix M whose principal minors give the vertex determinants of the slope box:
    /// det(I − A·D_α) = det(I − A·S₀) · det((I − M)[α, α]), D_α = S₁ on α and S₀ elsewhere.
    struct BoxMatrix {
        let bounds: MatrixBounds
        let matrix: TestedMatrix
        let base: [Double]
        let opposite: [Double]
        /// sign det(I − A·S₀).
        let baseSign: Int
        /// rcond(I − A·S₀) when S₀ ≠ 0.
        let condition: Double?
    }

    /// Any component with a state that is not piecewise linear, decided by the slope box
    /// Πᵢ[σ₋ᵢ, σ₊ᵢ] of the activation table (docs/lint.md, "The slope-box theorem"): F(z) = z − Aφ(z)
    /// is a homeomorphism when det(I − A·D) has one strict sign over the vertices, and is not
    /// injective when it has both; a verified witness is then searched for.
    func slopeBox(boundsL: MatrixBounds, matrixL: TestedMatrix) -> Decision {
        let lower = activations.map(\.slopeRange.lowerBound)
        let upper = activations.map(\.slopeRange.upperBound)
        var outcome: Decision
        if lower.allSatisfy({ $0 == 0 }) {
            let box = BoxMatrix(bounds: boundsL, matrix: matrixL, base: lower, opposite: upper, baseSign: 1, condition: nil)
            outcome = decide(box, criterion: ComponentAnalyzer.zeroBasedBoxCriterion)
        } else if let certificate = boundsL.sufficientCertificate(matrix: matrixL, contractionOnly: true) {
            // ‖LA‖ < 1 in a norm (or ρ(|LA|) < 1) bounds ‖DA‖ < 1 for every |D| ≤ L, so no
            // I − A·D in the box is singular: one strict sign, the box criterion holds.
            outcome = decision(.certified(certificate), criterion: ComponentAnalyzer.slopeBoxCriterion, exact: true)
        } else if let box = transformedBox(lower: lower, upper: upper) {
            outcome = decide(box, criterion: ComponentAnalyzer.slopeBoxCriterion)
        } else {
            outcome = decision(.undecided(notes: [
                "I − A·S is singular or ill-conditioned at both the lower and the upper corner of the slope box: a vertex determinant is 0 (degenerate)",
            ]), criterion: ComponentAnalyzer.slopeBoxCriterion, exact: false)
        }
        outcome.slopeLower = lower
        outcome.slopeUpper = upper
        return outcome
    }

    /// M = (I − A·S₀)⁻¹A(S₁ − S₀) with S₀ the lower corner, or the upper one when I − A·S₀ is
    /// singular to `conditionTolerance`.
    private func transformedBox(lower: [Double], upper: [Double]) -> BoxMatrix? {
        let k = a.rows
        for (base, opposite) in [(lower, upper), (upper, lower)] {
            let t = Matrix.identity(k) - scaledColumns(base)
            guard let lu = try? LUFactorization(t), !lu.isSingular else { continue }
            let rcond = lu.reciprocalCondition(norm1: t.norm1)
            guard rcond > options.conditionTolerance,
                  let m = try? lu.solve(scaledColumns((0..<k).map { opposite[$0] - base[$0] })) else { continue }
            return BoxMatrix(bounds: MatrixBounds(m, options: options), matrix: .slopeBox, base: base,
                             opposite: opposite, baseSign: lu.determinantSign, condition: rcond)
        }
        return nil
    }

    /// A·diag(d).
    func scaledColumns(_ d: [Double]) -> Matrix {
        var m = a
        for j in 0..<a.cols { for i in 0..<a.rows { m[i, j] *= d[j] } }
        return m
    }

    /// Cheap sufficient conditions on I − M, the exact P-matrix test up to `exactSizeLimit` (the
    /// bounded search beyond), then a witness from each vertex whose determinant has the sign
    /// opposite to the base corner's.
    private func decide(_ box: BoxMatrix, criterion: String) -> Decision {
        if let certificate = box.bounds.sufficientCertificate(matrix: box.matrix) {
            return decision(.certified(decorated(certificate, box)), criterion: criterion, exact: true)
        }
        let k = a.rows
        let m = Matrix.identity(k) - box.bounds.m
        let threshold = options.pivotTolerance * Swift.max(1, m.normInf)
        var subsets: [(subset: [Int], minor: Double?)] = []
        var notes: [String] = []
        if k <= options.exactSizeLimit {
            let test = PMatrixTest(m, threshold: threshold)
            guard let failure = test.failure else {
                let certificate = WellPosednessCertificate(passed: test, matrix: box.matrix, threshold: threshold, states: states)
                return decision(.certified(decorated(certificate, box)), criterion: criterion, exact: true)
            }
            subsets.append((failure.subset, failure.minor))
            if !(failure.pivot < -threshold) {
                notes.append("the vertex determinant on states \(failure.subset.map { states[$0] }) is 0 to rounding (pivot \(failure.pivot), threshold \(threshold))")
                // A pivot near 0 stops the test; look past it for a strictly negative one.
                if let strict = PMatrixTest(m, threshold: -threshold).failure, strict.pivot.isFinite {
                    subsets.append((strict.subset, strict.minor))
                }
            }
        } else {
            let (findings, examined) = PrincipalMinorSearch(m: m, options: options, threshold: threshold).run()
            subsets = findings.map { ($0.subset, $0.minor) }
            if findings.isEmpty {
                return decision(.undecided(notes: [
                    "no sufficient condition holds and the component (\(k) states) exceeds the exact limit of \(options.exactSizeLimit); the search examined \(examined) principal subsets without a vertex determinant of the opposite sign",
                ]), criterion: criterion, exact: false)
            }
        }
        var signChange = false
        let search = SlopeBoxWitnessSearch(a: a, activations: activations, options: options)
        for (subset, minor) in subsets {
            var vertex = box.base
            for i in subset { vertex[i] = box.opposite[i] }
            guard let vertexDeterminant = determinant(slopes: vertex),
                  vertexDeterminant != 0, (vertexDeterminant > 0 ? 1 : -1) != box.baseSign else { continue }
            signChange = true
            // The negative vertex first: with degree +1 its z* forces two more solutions.
            let targets = vertexDeterminant < 0 ? [(vertex, -1), (box.base, 1)] : [(box.base, -1), (vertex, 1)]
            for (target, sign) in targets {
                guard let found = search.run(vertex: target, sign: sign),
                      var witness = verified(reason: .slopeBoxVertex, b: found.b, x1: found.solutions[0], x2: found.solutions[1])
                else { continue }
                witness.subset = subset.map { states[$0] }
                witness.principalMinor = minor.flatMap { $0.isFinite ? $0 : nil }
                witness.vertexSlopes = target
                witness.vertexDeterminant = determinant(slopes: target)
                witness.jacobianPoint = found.point
                witness.jacobianDeterminant = found.jacobianDeterminant
                witness.residual = Swift.max(witness.residual, found.residual)
                if found.solutions.count > 2 { witness.otherSolutions = Array(found.solutions[2...]) }
                return decision(.witness(witness), criterion: criterion, exact: true)
            }
        }
        if signChange {
            notes.append("det(I − A·D) has both strict signs over the slope box, so z ↦ z − Aφ(z) is not injective (docs/lint.md), but Newton's method verified no second solution")
        } else {
            notes.append("no vertex determinant of the sign opposite to det(I − A·S₀) was confirmed directly: degenerate (a vertex determinant is 0 to rounding)")
        }
        return decision(.undecided(notes: notes), criterion: criterion, exact: false)
    }

    /// det(I − A·diag(d)) by LU, nil when LAPACK fails or the value is not finite.
    func determinant(slopes d: [Double]) -> Double? {
        guard let lu = try? LUFactorization(Matrix.identity(a.rows) - scaledColumns(d)) else { return nil }
        let det = lu.determinant
        return det.isFinite ? det : nil
    }

    private func decorated(_ certificate: WellPosednessCertificate, _ box: BoxMatrix) -> WellPosednessCertificate {
        guard box.matrix == .slopeBox else { return certificate }
        var certificate = certificate
        certificate.transformCondition = box.condition
        certificate.baseSlopes = box.base
        certificate.baseDeterminantSign = box.baseSign
        return certificate
    }
}
