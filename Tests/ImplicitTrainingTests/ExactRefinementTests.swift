import Foundation
import Testing
import ImplicitModel
@testable import ImplicitTraining
import ImplicitTestSupport
import Linalg

/// The refinement on the exact forward map and the dual λ schedule.
@Suite struct ExactRefinementTests {
    /// Central differences of E with this step: E is smooth to O(h²) ≈ 1e-10 away from ReLU kinks.
    static let h = 1e-5
    /// Gradient entries agree to this, relative to max(1, |∂E|·scale): h² terms and the forward
    /// solve's 1e-12 tolerance divided by h.
    static let gradientTolerance = 1e-6

    static let cases: [(TrainingStructure, RelaxedActivation, TrainingLoss, Int?)] = [
        (.implicit(states: 5), .tanh, .squared, nil), (.implicit(states: 5), .relu, .squared, nil),
        (.feedforward(layers: [4, 3]), .tanh, .squared, nil), (.implicit(states: 5), .tanh, .crossEntropy, nil),
        (.implicit(states: 5), .tanh, .squared, 2),
    ]

    static func setting(_ index: Int, refine: Int = 0) throws -> (BlockCoordinateDescent, TrainingParameters) {
        let (structure, activation, loss, rank) = cases[index]
        var data = try TrainingFixtures.teacherData(samples: 40, activation: activation, seed: 90 + UInt64(index))
        if loss == .crossEntropy {
            data = try TrainingData(inputs: data.inputs, labels: (0..<data.sampleCount).map { data.targets[0, $0] > 0 ? 1 : 0 })
        }
        var options = FitOptions(structure: structure, activation: activation)
        options.loss = loss
        options.rank = rank
        options.iterations = 2
        options.refinementSteps = refine
        let bcd = try BlockCoordinateDescent(data: data, options: options)
        var w = TrainingFixtures.parameters(bcd.problem, seed: 7 + UInt64(index))
        w.applyStructure(structure) // the fixture's C reads every state
        // A at the constraint's boundary in places, so the projection matters.
        if structure.constrainsNorm, w.factors == nil {
            for i in 0..<w.a.rows { for c in 0..<w.a.cols { w.a[i, c] *= 1.8 } }
            bcd.problem.proximalModel(&w, step: 0)
        }
        return (bcd, w)
    }

    /// ∇E by implicit differentiation against central differences of E, which only runs
    /// forward solves of the model (no adjoint, no step code).
    @Test(arguments: 0..<5)
    func exactGradientMatchesFiniteDifferences(caseIndex: Int) throws {
        let (bcd, w) = try Self.setting(caseIndex)
        let exact = ExactObjective(problem: bcd.problem, model: bcd.model)
        let gradient = try exact.gradient(w, at: try exact.evaluate(w))
        let layout = ParameterLayout(n: w.a.rows, p: w.b.cols, q: w.c.rows, rank: w.factors?.left.cols)
        let point = layout.pack(w), analytic = layout.pack(gradient)
        func loss(_ flat: [Double]) throws -> Double { try exact.evaluate(layout.unpack(flat)).loss }
        // The entries the structure lets vary (perturbing a fixed zero changes the structure).
        var ones = layout.unpack([Double](repeating: 1, count: point.count))
        ones.applyStructure(bcd.problem.structure)
        let free = layout.pack(ones).map { $0 != 0 }
        for k in point.indices where free[k] && (k % 3 == 0 || analytic[k] != 0) {
            var up = point, down = point
            up[k] += Self.h
            down[k] -= Self.h
            let numeric = (try loss(up) - loss(down)) / (2 * Self.h)
            #expect(abs(numeric - analytic[k]) <= Self.gradientTolerance * max(1, abs(numeric)),
                    "case \(caseIndex), entry \(k): implicit differentiation \(analytic[k]), differences \(numeric)")
        }
        // Entries the structure fixes stay out of the gradient.
        if !bcd.problem.structure.isDense {
            var masked = gradient
            masked.applyStructure(bcd.problem.structure)
            #expect(masked == gradient)
        }
    }

    /// An evaluation carries the model of its point (the refinement scores it on the validation
    /// data instead of building it again): the same model as built from the parameters, and the
    /// outputs of that model's own forward solve.
    @Test(arguments: 0..<5)
    func evaluationCarriesTheModelOfItsPoint(caseIndex: Int) throws {
        let (bcd, w) = try Self.setting(caseIndex)
        let e = try ExactObjective(problem: bcd.problem, model: bcd.model).evaluate(w)
        let built = try bcd.model(w)
        #expect(e.model == built)
        #expect(try built.evaluate(bcd.problem.data.inputs).outputs == e.outputs)
    }

    /// The refinement: E never rises, every iterate keeps ‖A‖∞ ≤ κ (or the factors' bounds, or
    /// the feedforward zeros), and the result is at least as good as the readout refit.
    @Test(arguments: 0..<5)
    func refinementDescendsAndKeepsTheConstraint(caseIndex: Int) throws {
        let (bcd, _) = try Self.setting(caseIndex, refine: 15)
        let result = try bcd.run()
        let steps = result.report.history.filter { $0.stage == .refinement }
        #expect(steps.count >= 2)
        var previous = try #require(steps.first).objective.total
        for entry in steps.dropFirst() {
            #expect(entry.objective.total <= previous * (1 + 1e-12) + 1e-15, "E rose from \(previous) to \(entry.objective.total)")
            // At X = P = the forward states the divergence vanishes: J is E.
            #expect(entry.objective.divergence <= 1e-9 * max(1, entry.objective.total))
            #expect(entry.stepLength.map { $0 > 0 } == true)
            previous = entry.objective.total
        }
        let refined = try #require(result.report.refinedTraining), readout = result.report.readoutRefitTraining
        #expect(refined.error <= readout.error + 1e-12)
        #expect(refined.error < readout.error, "no progress in 15 steps")
        let w = result.parameters
        let structure = bcd.problem.structure
        if structure.constrainsNorm { #expect(w.a.normInf <= bcd.options.kappa * (1 + 1e-12)) }
        if let factors = w.factors {
            #expect(factors.left.normInf <= bcd.options.kappa * (1 + 1e-12))
            #expect(factors.right.norm1 <= 1 + 1e-12)
            #expect(TrainingFixtures.relativeError(factors.product.columnMajorElements, w.a.columnMajorElements) <= 1e-14)
        }
        if !structure.isDense {
            var masked = w
            masked.applyStructure(structure)
            #expect(masked == w)
        }
        // The reported figure is the forward solve's.
        let direct = try FitScore(model: bcd.model(w), data: bcd.problem.data, loss: bcd.options.loss)
        #expect(abs(direct.error - refined.error) <= 1e-12)
    }

    /// The dual schedule: λ never falls, rises exactly where the divergence was above the
    /// threshold, and J is monotone within every stretch of fixed λ (from the J each sweep
    /// starts at under the raised λ).
    @Test(arguments: [RelaxedActivation.relu, .tanh])
    func dualScheduleRaisesLambdaWhereTheDivergenceStays(activation: RelaxedActivation) throws {
        let data = try TrainingFixtures.teacherData(activation: activation, seed: 123)
        for structure in [TrainingStructure.implicit(states: 6), .feedforward(layers: [4, 3])] {
            var options = FitOptions(structure: structure, activation: activation)
            options.iterations = 5
            options.refinementSteps = 0
            options.lambdaGrowth = 3
            options.lambdaThreshold = 1e-8
            let result = try BlockCoordinateDescent(data: data, options: options).run()
            var raisedAny = false
            for (before, after) in zip(result.report.history, result.report.history.dropFirst()) {
                let l0 = try #require(before.dualWeights), l1 = try #require(after.dualWeights)
                for (a, b) in zip(l0, l1) {
                    #expect(b == a || b == 3 * a, "λ went from \(a) to \(b)")
                    raisedAny = raisedAny || b > a
                }
                #expect((before.objectiveAfterDualUpdate != nil) == (l0 != l1))
                var previous = before.objectiveAfterDualUpdate ?? before.objective.total
                for value in after.blockObjectives {
                    #expect(value <= previous + BlockCoordinateDescentTests.monotoneSlack * max(1, abs(previous)))
                    previous = value
                }
            }
            #expect(raisedAny, "\(structure), \(activation): the threshold 1e-8 never bound")
        }
    }

    /// raiseDualWeights against the per-state divergences computed here from F directly.
    @Test func dualStepRaisesExactlyTheStatesAboveTheThreshold() throws {
        let data = try TrainingFixtures.teacherData(activation: .relu, seed: 5)
        var options = FitOptions(structure: .implicit(states: 6), activation: .relu)
        options.lambdaGrowth = 2
        let w = TrainingFixtures.parameters(RelaxedProblem(data: data, options: options), seed: 3)
        let (x, p) = TrainingFixtures.states(RelaxedProblem(data: data, options: options), w, seed: 4)
        let z = RelaxedProblem(data: data, options: options).preactivations(w, states: x)
        let m = Double(data.sampleCount)
        let divergences = (0..<6).map { i in (0..<data.sampleCount).reduce(0) { $0 + RelaxedActivation.relu.divergence(p[i, $1], z[i, $1]) } / m }
        let sorted = divergences.sorted()
        options.lambdaThreshold = (sorted[2] + sorted[3]) / 2 // three above, three below
        var problem = RelaxedProblem(data: data, options: options)
        let before = problem.dualWeights
        #expect(problem.raiseDualWeights(w, states: x, proxies: p) == 3)
        for i in 0..<6 {
            #expect(problem.dualWeights[i] == (divergences[i] > options.lambdaThreshold ? 2 : 1) * before[i])
        }
    }

    @Test func refusesScheduleAndRefinementOptionsOutOfRange() {
        var options = FitOptions(structure: .implicit(states: 3), activation: .relu)
        options.lambdaGrowth = 0.5
        #expect(throws: TrainingError.self) { try options.validate() }
        options.lambdaGrowth = 2
        options.refinementSteps = -1
        #expect(throws: TrainingError.self) { try options.validate() }
        options.refinementSteps = 0
        options.lambdaThreshold = .nan
        #expect(throws: TrainingError.self) { try options.validate() }
    }
}
