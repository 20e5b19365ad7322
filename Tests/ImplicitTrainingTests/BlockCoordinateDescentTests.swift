import Foundation
import Testing
import ImplicitModel
@testable import ImplicitTraining
import ImplicitTestSupport
import Linalg

/// The descent as a whole: J never increases, A stays well-posed, the errors reported are the
/// forward solve's.
@Suite struct BlockCoordinateDescentTests {
    /// Relative slack for "J did not increase": the inner solvers stop at 1e-9 to 1e-12
    /// relative, so a block may land a few ulps of J above where it started.
    static let monotoneSlack = 1e-9

    static let cases: [(TrainingStructure, RelaxedActivation)] = [
        (.implicit(states: 6), .relu), (.implicit(states: 6), .tanh),
        (.feedforward(layers: [5, 3]), .relu), (.feedforward(layers: [5, 3]), .tanh),
    ]

    /// Cases 4 and 5 add the column penalty (the joint model step) and cross-entropy.
    @Test(arguments: 0..<6)
    func objectiveDecreasesMonotonically(caseIndex: Int) throws {
        let (structure, activation) = Self.cases[caseIndex % 4]
        var data = try TrainingFixtures.teacherData(activation: activation, seed: 11 + UInt64(caseIndex))
        var options = FitOptions(structure: structure, activation: activation)
        options.iterations = 6
        options.refinementSteps = 0 // BCD alone
        if caseIndex == 4 { options.columnPenalty = ColumnPenalty(weight: 0.05) }
        if caseIndex == 5 {
            options.loss = .crossEntropy
            data = try TrainingData(inputs: data.inputs, labels: (0..<data.sampleCount).map { data.targets[0, $0] > 0 ? 1 : 0 })
        }
        let result = try BlockCoordinateDescent(data: data, options: options).run()
        var previous = result.report.history[0].objective.total
        for entry in result.report.history.dropFirst() {
            for value in entry.blockObjectives {
                #expect(value <= previous + Self.monotoneSlack * max(1, abs(previous)),
                        "J rose from \(previous) to \(value) in sweep \(entry.iteration)")
                previous = value
            }
        }
        // Training did something: the relaxed objective fell.
        #expect(result.report.history.last!.objective.total < result.report.history[0].objective.total)
        if structure.constrainsNorm {
            #expect(result.parameters.a.normInf <= options.kappa * (1 + 1e-12))
        }
    }

    /// The reported training error is the forward solve's, recomputed here independently.
    @Test func reportedErrorIsTheForwardSolves() throws {
        let data = try TrainingFixtures.teacherData(activation: .relu, seed: 5)
        var options = FitOptions(structure: .implicit(states: 6), activation: .relu)
        options.iterations = 3
        options.refinementSteps = 0 // BCD alone
        let bcd = try BlockCoordinateDescent(data: data, options: options)
        let result = try bcd.run()
        let raw = try bcd.model(result.parameters).predict(data.inputs, applyHead: false)
        let direct = zip(raw.columnMajorElements, data.targets.columnMajorElements).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(raw.count)
        #expect(abs(direct.squareRoot() - result.report.readoutRefitTraining.rmse!) <= 1e-12)
        #expect(result.report.readoutRefitTraining.rmse! <= result.report.bcdTraining.rmse! + 1e-12)
    }

    /// Inputs the targets never read are dropped by the column penalty, and the readout refit
    /// (which holds D under the penalty) keeps them dropped in the model written.
    @Test func columnPenaltyDropsIgnoredInputsAndTheRefitKeepsThemDropped() throws {
        var rng = SeededGenerator(seed: 77)
        let base = try TrainingFixtures.teacherData(inputs: 3, samples: 80, activation: .relu, seed: 78)
        // Inputs 3…5 are noise the targets do not depend on.
        let inputs = Matrix.verticallyStacked([base.inputs, rng.matrix(3, 80)], cols: 80)
        let data = try TrainingData(inputs: inputs, targets: base.targets)
        var options = FitOptions(structure: .implicit(states: 5), activation: .relu)
        options.iterations = 4
        options.refinementSteps = 0 // BCD alone
        options.columnPenalty = ColumnPenalty(weight: 0.05)
        let result = try BlockCoordinateDescent(data: data, options: options).run()
        let w = result.parameters
        let norms = (0..<6).map { k in (w.b.column(k) + w.d.column(k)).reduce(0) { $0 + $1 * $1 }.squareRoot() }
        #expect(norms[3...].allSatisfy { $0 == 0 }, "noise inputs kept: \(norms)")
        #expect(norms[..<3].contains { $0 > 0 }, "every input dropped: \(norms)")
    }

    @Test func refusesActivationsWithoutADivergence() {
        #expect(throws: TrainingError.unsupportedActivation("sigmoid")) { try RelaxedActivation(.sigmoid) }
        #expect(throws: TrainingError.self) { try RelaxedActivation(.leakyReLU(alpha: 0.1)) }
    }
}
