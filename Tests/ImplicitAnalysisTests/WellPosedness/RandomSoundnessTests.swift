import Testing
import Linalg
import ImplicitModel
import ImplicitAnalysis
import ImplicitTestSupport

/// Soundness of the ReLU verdict against brute force.
///
/// Property: for x = max(0, Ax + b), the report's verdict equals "I − A is a P-matrix", computed
/// independently from the LU determinant of every principal submatrix; no matrix with n ≤ 10 is
/// left undecided (the exact test covers up to 20 states); and every certificate and witness passes
/// an independent recomputation. The families and scales are chosen so that both verdicts are
/// common: Gaussian matrices around ‖A‖ ≈ 1, sparse ones (several diagonal components),
/// nonnegative ones around ρ = 1, symmetric ones and ones with a strongly negative diagonal (well
/// posed, not contractive).
@Suite struct RandomSoundnessTests {
    static func randomMatrix(_ trial: Int, _ generator: inout SeededGenerator) -> Matrix {
        let n = 1 + (trial / 5) % 10
        let root = Double(n).squareRoot()
        switch trial % 5 {
        case 0:
            let scale = [0.5, 0.9, 1.3, 1.8][(trial / 50) % 4]
            return generator.matrix(n, n, scale: scale / root)
        case 1:
            var a = generator.matrix(n, n, scale: 2.2 / root)
            for j in 0..<n { for i in 0..<n where generator.nextUnitInterval() < 0.6 { a[i, j] = 0 } }
            return a
        case 2:
            var a = Matrix(rows: n, cols: n)
            for j in 0..<n { for i in 0..<n { a[i, j] = generator.nextUnitInterval() } }
            let target = generator.uniform(0.6...1.4)
            let rho = PerronVector(of: a, maxIterations: 5000).upperBound
            a.scale(by: target / max(rho, 1e-300))
            return a
        case 3:
            let g = generator.matrix(n, n, scale: 0.9 / root)
            return g.symmetricPart
        default:
            var a = generator.matrix(n, n, scale: 2.5 / root)
            for i in 0..<n { a[i, i] = -generator.uniform(0...3) }
            return a
        }
    }

    @Test func verdictsMatchBruteForceOnRandomReLUMatrices() throws {
        var generator = SeededGenerator(seed: 20_240_611)
        let analysis = WellPosednessAnalysis()
        let trials = 2500
        var contradictions: [Int] = [], undecided: [Int] = [], evidence: [String] = []
        var wellPosed = 0, illPosed = 0, inexact = 0
        var certificateKinds: [WellPosednessCertificate.Kind: Int] = [:]
        var witnessReasons: [IllPosednessWitness.Reason: Int] = [:]
        for trial in 0..<trials {
            let a = Self.randomMatrix(trial, &generator)
            let report = try analysis.analyze(matrix: a, activation: .relu)
            let truth = BruteForce.isPMatrix(BruteForce.complement(a))
            switch report.verdict {
            case .wellPosed: wellPosed += 1; if !truth { contradictions.append(trial) }
            case .illPosed: illPosed += 1; if truth { contradictions.append(trial) }
            case .undecided: undecided.append(trial)
            }
            if !report.exact { inexact += 1 }
            let activations = [Activation](repeating: .relu, count: a.rows)
            evidence += EvidenceCheck.failures(report, a: a, activations: activations).map { "trial \(trial): \($0)" }
            for component in report.components {
                if let kind = component.certificate?.kind { certificateKinds[kind, default: 0] += 1 }
                if let reason = component.witness?.reason { witnessReasons[reason, default: 0] += 1 }
            }
        }
        #expect(contradictions.isEmpty, "contradictions in trials \(contradictions)")
        #expect(undecided.isEmpty, "undecided trials \(undecided)")
        #expect(evidence.isEmpty, "\(evidence.prefix(10))")
        #expect(inexact == 0)
        #expect(wellPosed >= trials / 4 && illPosed >= trials / 4,
                "both verdicts must be common: \(wellPosed) well-posed, \(illPosed) ill-posed")
        // Every route to a verdict is exercised, not only the exact test.
        for kind: WellPosednessCertificate.Kind in [.scalar, .normInf, .perronScaling, .hMatrix, .principalMinors] {
            #expect(certificateKinds[kind, default: 0] > 0, "no \(kind) certificate in \(certificateKinds)")
        }
        for reason: IllPosednessWitness.Reason in [.diagonalEntry, .principalMinor2x2, .principalMinor] {
            #expect(witnessReasons[reason, default: 0] > 0, "no \(reason) witness in \(witnessReasons)")
        }
    }
}
