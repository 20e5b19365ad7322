import Foundation
import Testing
import Linalg
import ImplicitModel
import ImplicitAnalysis
import ImplicitTestSupport

/// The slope-box verdict for smooth and mixed components against independent truths.
///
/// Property: with Δ(D) = det(I − A·D) over the 2ᵏ vertices D of Πᵢ[σ₋ᵢ, σ₊ᵢ] (each by its own LU,
/// `BruteForce.vertexDeterminants`), a component is well-posed when every Δ has one strict sign
/// and ill-posed when Δ takes both (docs/lint.md, the slope-box theorem). So "wellPosed" must
/// come with one strict sign; "illPosed" with both signs *and* a witness b for which the test's
/// own root finder (`FixedPointRoots`: plain Newton in x from a grid of starts) finds two or more
/// distinct fixed points; "undecided" only where some |Δ| is 0 to rounding (the documented
/// degenerate case).
@Suite struct SlopeBoxTests {
    let analysis = WellPosednessAnalysis()
    /// |Δ| below this (relative to the largest |Δ|) is "zero to rounding" for the truth.
    static let degenerateDeterminant = 1e-9

    enum Truth { case oneSign, bothSigns, degenerate }

    static func truth(_ a: Matrix, _ activations: [Activation]) -> Truth {
        let dets = BruteForce.vertexDeterminants(a, activations)
        let top = dets.map(abs).max() ?? 1
        if dets.contains(where: { abs($0) <= degenerateDeterminant * max(1, top) }) { return .degenerate }
        return dets.allSatisfy { $0 > 0 } || dets.allSatisfy { $0 < 0 } ? .oneSign : .bothSigns
    }

    struct Tally {
        var verdicts: [Verdict: Int] = [:]
        var failures: [String] = []
        var degenerate = 0
        var solutionCounts: [Int: Int] = [:]
    }

    func check(_ a: Matrix, _ activations: [Activation], label: String, into tally: inout Tally) throws {
        let report = try analysis.analyze(ActivationTests.model(a, activations))
        tally.failures += EvidenceCheck.failures(report, a: a, activations: activations).map { "\(label): \($0)" }
        let truth = Self.truth(a, activations)
        if truth == .degenerate { tally.degenerate += 1 }
        tally.verdicts[report.verdict, default: 0] += 1
        switch report.verdict {
        case .wellPosed:
            if truth != .oneSign { tally.failures.append("\(label): well-posed but the vertex determinants are \(truth)") }
        case .illPosed:
            if truth == .oneSign { tally.failures.append("\(label): ill-posed but the vertex determinants have one sign") }
            guard let witness = report.components.first(where: { $0.verdict == .illPosed })?.witness else { break }
            if witness.reason != .slopeBoxVertex { tally.failures.append("\(label): witness reason \(witness.reason)") }
            let roots = FixedPointRoots.solutions(a, activations, b: witness.b)
            tally.solutionCounts[roots.count, default: 0] += 1
            if roots.count < 2 { tally.failures.append("\(label): the independent root finder found \(roots.count) fixed points at the witness b") }
        case .undecided:
            if truth != .degenerate {
                tally.failures.append("\(label): undecided although the vertex determinants are \(truth): \(report.components.flatMap(\.notes))")
            }
        }
        if report.verdict != .undecided, !report.exact { tally.failures.append("\(label): decided but not exact") }
    }

    /// 2–8 states; tanh only, sigmoid only, and mixtures of tanh and sigmoid with ReLU, leaky ReLU
    /// and identity states (at least one smooth state each); scales around the boundary so that
    /// both verdicts are common.
    @Test func randomSmoothAndMixedComponentsMatchTheTruth() throws {
        var generator = SeededGenerator(seed: 18_2026)
        let mixedPalette: [Activation] = [.tanh, .sigmoid, .relu, .leakyReLU(alpha: 0.2), .identity]
        var tally = Tally()
        let trials = 420
        for trial in 0..<trials {
            let n = 2 + trial % 7
            let family = (trial / 7) % 3
            var activations: [Activation]
            switch family {
            case 0: activations = [Activation](repeating: .tanh, count: n)
            case 1: activations = [Activation](repeating: .sigmoid, count: n)
            default:
                activations = (0..<n).map { _ in mixedPalette[generator.int(0...4)] }
                activations[generator.int(0...(n - 1))] = generator.nextUnitInterval() < 0.5 ? .tanh : .sigmoid
            }
            let scale = [0.8, 1.4, 2.2][(trial / 21) % 3] * (family == 1 ? 4 : 1) / Double(n).squareRoot()
            var a = generator.matrix(n, n, scale: scale)
            // A dense A keeps the component one strongly connected block.
            for i in 0..<n where a[i, (i + 1) % n] == 0 { a[i, (i + 1) % n] = 0.1 }
            try check(a, activations, label: "trial \(trial) \(activations.map(\.name))", into: &tally)
        }
        #expect(tally.failures.isEmpty, "\(tally.failures.prefix(8))")
        print("slope box, \(trials) random components: \(tally.verdicts); fixed points found at the witness b: \(tally.solutionCounts)")
        let well = tally.verdicts[.wellPosed, default: 0], ill = tally.verdicts[.illPosed, default: 0]
        #expect(well >= trials / 5 && ill >= trials / 5, "\(tally.verdicts)")
        #expect(tally.verdicts[.undecided, default: 0] <= tally.degenerate, "\(tally.verdicts), degenerate \(tally.degenerate)")
    }

    /// x = tanh(2x + b) and x = σ(8x + b): three fixed points (at b = 0, resp. b = −4), ill-posed
    /// exactly, with a witness the independent root finder confirms.
    @Test func classicScalarCasesAreIllPosedWithWitnesses() throws {
        for (activation, weight) in [(Activation.tanh, 2.0), (.sigmoid, 8.0), (.tanh, 1.5), (.sigmoid, 5.0)] {
            let a = Matrix([[weight]])
            let report = try analysis.analyze(ActivationTests.model(a, [activation]))
            #expect(report.verdict == .illPosed && report.exact, "\(activation) \(weight)")
            #expect(EvidenceCheck.failures(report, a: a, activations: [activation]).isEmpty)
            let witness = try #require(report.components.first?.witness)
            #expect(witness.reason == .slopeBoxVertex)
            #expect((witness.vertexDeterminant ?? 0) < 0 && (witness.jacobianDeterminant ?? 0) < 0)
            let roots = FixedPointRoots.solutions(a, [activation], b: witness.b)
            #expect(roots.count == 3, "\(activation) \(weight): \(roots)")
            #expect(2 + (witness.otherSolutions?.count ?? 0) == 3, "the witness shows all three: \(witness)")
        }
        // x = tanh(0.9x + b) and x = σ(3x + b): every vertex determinant positive.
        for (activation, weight) in [(Activation.tanh, 0.9), (.sigmoid, 3.0), (.tanh, -5.0)] {
            let report = try analysis.analyze(ActivationTests.model(Matrix([[weight]]), [activation]))
            #expect(report.verdict == .wellPosed && report.exact, "\(activation) \(weight)")
        }
    }

    /// The documented degenerate case: a vertex determinant exactly 0. x = tanh(x + b) and
    /// x = σ(4x + b) are in fact well-posed (F' ≥ 0, zero at one point), x = softplus(x + b) is not
    /// (log σ(z) misses b ≥ 0); the theorem decides neither, and lint says undecided with the reason.
    @Test func aZeroVertexDeterminantIsUndecidedWithTheReason() throws {
        for (activation, weight) in [(Activation.tanh, 1.0), (.sigmoid, 4.0), (.softplus, 1.0)] {
            let report = try analysis.analyze(ActivationTests.model(Matrix([[weight]]), [activation]))
            #expect(report.verdict == .undecided && !report.exact, "\(activation)")
            let notes = report.components.first?.notes ?? []
            #expect(notes.contains { $0.contains("0 to rounding") }, "\(notes)")
        }
    }

    /// The same box decides the other continuous activations of the table (non-monotone ones
    /// included): never a verdict against the vertex determinants, and an undecided answer only
    /// when a determinant is 0 or no second solution was verified (unbounded φ: the degree is not
    /// known to be +1).
    @Test func otherContinuousActivationsNeverContradictTheTruth() throws {
        var generator = SeededGenerator(seed: 4242)
        let palette: [Activation] = [.gelu, .geluTanh, .silu, .swish(beta: 2), .mish, .hardSwish, .softplus, .softsign,
                                     .elu(alpha: 1), .selu, .celu(alpha: 0.5), .hardSigmoid(alpha: 0.2, beta: 0.5),
                                     .clip(lower: -1, upper: 1), .leakyReLU(alpha: -0.3)]
        var verdicts: [Verdict: Int] = [:], failures: [String] = []
        for trial in 0..<150 {
            let n = 1 + trial % 4
            var activations = (0..<n).map { _ in palette[generator.int(0...(palette.count - 1))] }
            if activations.allSatisfy(\.isPiecewiseLinear) { activations[0] = .gelu }
            let a = generator.matrix(n, n, scale: [0.7, 1.5, 2.5][trial % 3] / Double(n).squareRoot())
            let report = try analysis.analyze(ActivationTests.model(a, activations))
            failures += EvidenceCheck.failures(report, a: a, activations: activations).map { "trial \(trial): \($0)" }
            verdicts[report.verdict, default: 0] += 1
            let truth = Self.truth(a, activations)
            if report.verdict == .wellPosed && truth != .oneSign { failures.append("trial \(trial) \(activations): well-posed, truth \(truth)") }
            if report.verdict == .illPosed {
                if truth == .oneSign { failures.append("trial \(trial) \(activations): ill-posed, truth one sign") }
                if let b = report.components.first(where: { $0.verdict == .illPosed })?.witness?.b,
                   FixedPointRoots.solutions(a, activations, b: b).count < 2 {
                    failures.append("trial \(trial) \(activations): the root finder does not confirm the witness")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(8))")
        print("slope box, 150 components of other continuous activations: \(verdicts)")
        #expect(verdicts[.wellPosed, default: 0] > 20 && verdicts[.illPosed, default: 0] > 20, "\(verdicts)")
    }

    /// Every slope-range end of every continuous activation is approached by φ' on the grid of
    /// `SlopeLocator` — the hypothesis of the theorem's "both signs" part (each vertex is a limit
    /// of slopes φ attains where it is C¹) — checked through the witnesses of scalar components
    /// x = φ(a·x + b) whose vertex at σ₊ is negative: a = 1.05 / σ₊ gives 1 − aσ₊ < 0 < 1 − aσ₋
    /// whenever σ₋ < σ₊/1.05.
    @Test func everyUpperSlopeIsReachedByTheWitnessSearch() throws {
        let activations: [Activation] = [.tanh, .sigmoid, .gelu, .geluTanh, .silu, .swish(beta: 0.5), .mish, .hardSwish,
                                         .softplus, .softsign, .elu(alpha: 1), .elu(alpha: 2), .selu, .celu(alpha: 1),
                                         .hardSigmoid(alpha: 0.2, beta: 0.5), .clip(lower: 0, upper: 6)]
        for activation in activations {
            let range = activation.slopeRange
            let a = Matrix([[1.05 / range.upperBound]])
            let report = try analysis.analyze(ActivationTests.model(a, [activation]))
            #expect(report.verdict == .illPosed, "\(activation): \(report.components.first?.notes ?? [])")
            #expect(EvidenceCheck.failures(report, a: a, activations: [activation]).isEmpty)
        }
    }
}

/// The slope box beyond the exact limit and in JSON.
@Suite struct SlopeBoxReportTests {
    /// 21 tanh states: the bounded search finds a negative principal minor of I − A (a negative
    /// vertex), and the witness verifies; a P-matrix that no cheap condition certifies stays
    /// undecided, saying why.
    @Test func beyondTheExactLimitAnIllPosedTanhBlockGetsAVertexWitnessAndAPMatrixIsUndecidedWithTheReason() throws {
        let n = WellPosednessOptions().exactSizeLimit + 1
        let tanh = [Activation](repeating: .tanh, count: n)
        let root = 0.3.squareRoot()
        let ill = ExactLimitTests.tridiagonal(n, upper: root, lower: root)
        let report = try WellPosednessAnalysis().analyze(matrix: ill, activation: .tanh)
        #expect(report.verdict == .illPosed && report.exact)
        #expect(report.components.first?.witness?.reason == .slopeBoxVertex)
        #expect(EvidenceCheck.failures(report, a: ill, activations: tanh).isEmpty)
        let pMatrix = ExactLimitTests.tridiagonal(n, upper: 3, lower: -1)
        let unknown = try WellPosednessAnalysis().analyze(matrix: pMatrix, activation: .tanh)
        #expect(unknown.verdict == .undecided && !unknown.exact)
        #expect(unknown.components.first?.notes.contains { $0.contains("exceeds the exact limit") } == true)
    }

    /// The new fields appear under the documented names, round-trip, and stay absent from
    /// piecewise-linear reports (whose JSON is unchanged).
    @Test func slopeBoxFieldsInJSON() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let ill = try WellPosednessAnalysis().analyze(matrix: Matrix([[2]]), activation: .tanh)
        let data = try encoder.encode(ill)
        #expect(try JSONDecoder().decode(WellPosednessReport.self, from: data) == ill)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let component = try #require((object["components"] as? [[String: Any]])?.first)
        #expect(component["slopeLower"] as? [Double] == [0] && component["slopeUpper"] as? [Double] == [1])
        let witness = try #require(component["witness"] as? [String: Any])
        #expect(witness["reason"] as? String == "slopeBoxVertex")
        for key in ["vertexSlopes", "vertexDeterminant", "jacobianPoint", "jacobianDeterminant", "otherSolutions", "x1", "x2", "b"] {
            #expect(witness[key] != nil, "\(key) missing")
        }
        // A leaky/tanh mixture certified through M = (I − A S₀)⁻¹A(S₁ − S₀).
        let a = Matrix([[0.5, 0.9], [-0.9, 0.5]])
        let mixed = try WellPosednessAnalysis().analyze(ActivationTests.model(a, [.leakyReLU(alpha: 0.5), .tanh]))
        let certificate = try #require(mixed.components.first?.certificate)
        #expect(mixed.verdict == .wellPosed && mixed.exact)
        #expect(certificate.matrix == .slopeBox && certificate.baseSlopes == [0.5, 0] && certificate.baseDeterminantSign == 1)
        #expect(EvidenceCheck.failures(mixed, a: a, activations: [.leakyReLU(alpha: 0.5), .tanh]).isEmpty)
        let relu = try encoder.encode(try WellPosednessAnalysis().analyze(matrix: Matrix([[0.5, 2], [2, 0.5]]), activation: .relu))
        let text = String(decoding: relu, as: UTF8.self)
        for key in ["slopeLower", "slopeUpper", "baseSlopes", "vertexSlopes", "jacobianPoint", "otherSolutions"] {
            #expect(!text.contains(key), "\(key) in a ReLU report")
        }
    }
}
