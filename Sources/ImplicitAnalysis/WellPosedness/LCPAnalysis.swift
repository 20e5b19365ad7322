import ImplicitModel

/// Decides whether u = max(0, A'u + b) — the LCP with M = I − A' — has exactly one solution for
/// every b, i.e. whether M is a P-matrix (Samelson–Thrall–Wesler 1958; Murty 1972).
///
/// Cheapest first: the 1 × 1 case; necessary conditions with witnesses (a diagonal entry of A'
/// ≥ 1, a 2 × 2 principal minor of M ≤ 0, A' ≥ 0 with ρ ≥ 1); sufficient conditions
/// (`MatrixBounds.sufficientCertificate`); the exact recursive P-matrix test up to
/// `exactSizeLimit`; beyond it a bounded search. Witness candidates go through `accept`, which
/// maps them to the model's activations and verifies them; a candidate that fails verification is
/// dropped and the analysis goes on, so a reported witness is always a verified one.
struct LCPAnalysis {
    enum Outcome {
        case certified(WellPosednessCertificate)
        case witness(IllPosednessWitness)
        case undecided(notes: [String])
    }

    let bounds: MatrixBounds
    let matrix: TestedMatrix
    /// Maps local subset indices to model state indices for the certificate.
    let states: [Int]
    let accept: (LCPWitnessCandidate) -> IllPosednessWitness?

    var options: WellPosednessOptions { bounds.options }

    func run() -> Outcome {
        let a = bounds.m
        let k = a.rows
        let m = Matrix.identity(k) - a
        var notes: [String] = []
        if k == 1 {
            if a[0, 0] < 1 {
                return .certified(WellPosednessCertificate(kind: .scalar, matrix: matrix, condition: "m < 1",
                                                           value: a[0, 0], bound: 1))
            }
            if let found = attempt(m, [[1]], reason: .diagonalEntry, subset: [0], minor: m[0, 0]) { return .witness(found) }
            return .undecided(notes: ["the 1 × 1 witness failed verification"])
        }
        if let found = necessaryConditions(m, notes: &notes) { return .witness(found) }
        if let certificate = bounds.sufficientCertificate(matrix: matrix) { return .certified(certificate) }
        if k <= options.exactSizeLimit { return exactTest(m, notes: notes) }
        return search(m, notes: notes)
    }

    /// Builds candidates from sign-reversing vectors and returns the first that verifies.
    func attempt(_ m: Matrix, _ vectors: [[Double]], reason: IllPosednessWitness.Reason,
                 subset: [Int]?, minor: Double?) -> IllPosednessWitness? {
        for x in vectors {
            guard let candidate = LCPWitnessCandidate.fromSignReversing(m, x, reason: reason, subset: subset,
                                                                        principalMinor: minor) else { continue }
            if let witness = accept(candidate) { return witness }
        }
        return nil
    }

    /// Witnesses from a subset α: the sign-reversing construction, then the enumeration fallback.
    func witness(from subset: [Int], minor: Double?, in m: Matrix, reason: IllPosednessWitness.Reason) -> IllPosednessWitness? {
        let vectors = SignReversingVectors.candidates(m, subset: subset, cubicSizeLimit: options.cubicSizeLimit)
        if let found = attempt(m, vectors, reason: reason, subset: subset, minor: minor) { return found }
        guard subset.count <= options.enumerationSizeLimit else { return nil }
        var generator = SplitMix64(seed: options.seed ^ UInt64(subset.count))
        var rightHandSides = vectors.compactMap {
            LCPWitnessCandidate.fromSignReversing(m, $0, reason: reason)?.b
        }
        for _ in 0..<options.enumerationTrials {
            rightHandSides.append((0..<m.rows).map { _ in generator.normal() })
        }
        let enumeration = LCPEnumeration(m: m, subset: subset, tolerance: options.witnessResidualTolerance)
        guard var candidate = enumeration.twoSolutions(rightHandSides: rightHandSides,
                                                       separation: options.witnessSeparation) else { return nil }
        candidate.principalMinor = minor
        return accept(candidate)
    }

    private func necessaryConditions(_ m: Matrix, notes: inout [String]) -> IllPosednessWitness? {
        let k = m.rows
        let a = bounds.m
        var worstDiagonal = 0
        for i in 1..<k where a[i, i] > a[worstDiagonal, worstDiagonal] { worstDiagonal = i }
        if a[worstDiagonal, worstDiagonal] >= 1 {
            var x = [Double](repeating: 0, count: k)
            x[worstDiagonal] = 1
            if let found = attempt(m, [x], reason: .diagonalEntry, subset: [worstDiagonal],
                                   minor: m[worstDiagonal, worstDiagonal]) { return found }
            notes.append("a diagonal entry ≥ 1 gave no verified witness")
        }
        var pair = (0, 1), smallest = Double.infinity
        for j in 0..<k {
            for i in 0..<j {
                let minor = m[i, i] * m[j, j] - m[i, j] * m[j, i]
                if minor < smallest { smallest = minor; pair = (i, j) }
            }
        }
        if smallest <= 0 {
            if let found = witness(from: [pair.0, pair.1], minor: smallest, in: m, reason: .principalMinor2x2) { return found }
            notes.append("a 2 × 2 principal minor ≤ 0 gave no verified witness")
        }
        if bounds.isNonnegative, bounds.perron.lowerBound >= 1 {
            let v = bounds.perron.vector
            let lower = MatrixBounds.minRatio(a.apply(to: v), v)
            if lower >= 1 {
                var candidate = LCPWitnessCandidate.fromSignReversing(m, v, reason: .nonnegativePerron)
                candidate?.perronLowerBound = lower
                if let candidate, let found = accept(candidate) { return found }
            }
            notes.append("A ≥ 0 with ρ ≥ 1 gave no verified witness")
        }
        return nil
    }

    private func exactTest(_ m: Matrix, notes: [String]) -> Outcome {
        let threshold = options.pivotTolerance * Swift.max(1, m.normInf)
        let test = PMatrixTest(m, threshold: threshold)
        guard let failure = test.failure else {
            return .certified(WellPosednessCertificate(passed: test, matrix: matrix, threshold: threshold, states: states))
        }
        if let found = witness(from: failure.subset, minor: failure.minor, in: m, reason: .principalMinor) {
            return .witness(found)
        }
        return .undecided(notes: notes + [
            "the P-matrix test stopped at pivot \(failure.pivot) ≤ \(threshold) on states \(failure.subset.map { states[$0] }), but no witness verified",
        ])
    }

    private func search(_ m: Matrix, notes: [String]) -> Outcome {
        let threshold = options.pivotTolerance * Swift.max(1, m.normInf)
        let (findings, examined) = PrincipalMinorSearch(m: m, options: options, threshold: threshold).run()
        for finding in findings {
            if let found = witness(from: finding.subset, minor: finding.minor, in: m, reason: .search) { return .witness(found) }
        }
        if m.rows <= options.cubicSizeLimit {
            for (lambda, x) in RealEigenvalueSearch.candidates(bounds.m) {
                guard var candidate = LCPWitnessCandidate.fromSignReversing(m, x, reason: .realEigenvalue) else { continue }
                candidate.eigenvalue = lambda
                if let found = accept(candidate) { return .witness(found) }
            }
        }
        return .undecided(notes: notes + [
            "no sufficient condition holds and the component (\(m.rows) states) exceeds the exact limit of \(options.exactSizeLimit); the search examined \(examined) principal subsets and the real eigenvalues ≥ 1"
                + (findings.isEmpty ? " without finding a minor ≤ 0" : " and found minors ≤ 0 whose witnesses failed verification"),
        ])
    }
}
