import Foundation
import Testing
import ImplicitModel
@testable import ImplicitTraining
import ImplicitTestSupport
import Linalg

/// `--rank k`: A = L Rᵀ stays well-posed after every step, J never rises, the model has rank ≤ k.
@Suite struct LowRankTrainingTests {
    /// Singular values past k of a product of n × k factors are rounding: σᵢ ≤ 1e-10 σ₁.
    static let rankTolerance = 1e-10
    /// ‖A‖∞ ≤ κ(1 + slack): the ℓ1-ball projections are exact to a few ulps.
    static let boundSlack = 1e-12

    /// The sweeps driven step by step, checking ‖A‖∞ ≤ κ, A = L Rᵀ and J after every block.
    /// κ = 0.3 makes the factor constraints bind (the unconstrained step would leave the ball).
    @Test(arguments: [RelaxedActivation.relu, .tanh])
    func boundHoldsAfterEveryStepAndTheObjectiveNeverRises(activation: RelaxedActivation) throws {
        let data = try TrainingFixtures.teacherData(activation: activation, seed: 31)
        var options = FitOptions(structure: .implicit(states: 6), activation: activation)
        options.kappa = 0.3
        options.rank = 2
        let bcd = try BlockCoordinateDescent(data: data, options: options)
        let problem = bcd.problem
        var w = bcd.initialParameters()
        var x = try bcd.forwardStates(w), p = x
        try problem.outputStep(&w, proxies: p)
        var previous = problem.objective(w, states: x, proxies: p).total
        let start = previous
        var largestRowNorm = 0.0
        func check(_ step: String, _ sweep: Int) throws {
            let factors = try #require(w.factors)
            #expect(w.a.normInf <= options.kappa * (1 + Self.boundSlack), "‖A‖∞ = \(w.a.normInf) after \(step), sweep \(sweep)")
            #expect(factors.left.normInf <= options.kappa * (1 + Self.boundSlack))
            #expect(factors.right.transposed().normInf <= 1 + Self.boundSlack)
            #expect((w.a - factors.product).columnMajorElements.allSatisfy { $0 == 0 }, "A is not L Rᵀ after \(step)")
            let value = problem.objective(w, states: x, proxies: p).total
            #expect(value <= previous + BlockCoordinateDescentTests.monotoneSlack * max(1, abs(previous)),
                    "J rose from \(previous) to \(value) in \(step), sweep \(sweep)")
            previous = value
            largestRowNorm = max(largestRowNorm, factors.left.normInf)
        }
        for sweep in 1...5 {
            try problem.outputStep(&w, proxies: p); try check("(C, D, c)", sweep)
            try problem.proxyStateStep(w, states: x, proxies: &p); try check("P", sweep)
            _ = try problem.hiddenStateStep(w, states: &x, proxies: p); try check("X", sweep)
            try problem.lowRankStateMapStep(&w, states: x, proxies: p); try check("(L, B, b), R", sweep)
        }
        #expect(previous < start, "the descent did nothing")
        // The constraint on L was active: the test would see a step leaving the ball.
        #expect(largestRowNorm >= options.kappa * (1 - 1e-6), "‖L‖∞ peaked at \(largestRowNorm)")
    }

    /// The R half-step is optimal: every column's projected-gradient residual vanishes, i.e.
    /// R = Π(R − t∇_R J) column by column, with ∇_R J by central differences of J itself.
    @Test func rightFactorStepSatisfiesItsOptimalityCondition() throws {
        let data = try TrainingFixtures.teacherData(activation: .relu, seed: 41)
        var options = FitOptions(structure: .implicit(states: 5), activation: .relu)
        options.kappa = 0.4
        options.rank = 2
        let problem = RelaxedProblem(data: data, options: options)
        let w = TrainingFixtures.parameters(problem, seed: 42)
        let (x, p) = TrainingFixtures.states(problem, w, seed: 43)
        var factors = try #require(w.factors)
        factors.right = try problem.rightFactorStep(left: factors.left, right: factors.right,
                                                    inputTerm: problem.inputTerm(w.b, w.biasX), states: x, proxies: p)
        func objective(_ r: Matrix) -> Double {
            var v = w
            v.a = Matrix.product(factors.left, r, transposeB: .transposed)
            return problem.objective(v, states: x, proxies: p).total
        }
        let h = 1e-6, r = factors.right
        var gradient = Matrix(rows: r.rows, cols: r.cols)
        for k in r.columnMajorElements.indices {
            var up = r, down = r
            up[columnMajorIndex: k] += h; down[columnMajorIndex: k] -= h
            gradient[columnMajorIndex: k] = (objective(up) - objective(down)) / (2 * h)
        }
        let t = 0.1
        for c in 0..<r.cols {
            let column = r.column(c), g = gradient.column(c)
            let moved = L1BallProjection.project(zip(column, g).map { $0 - t * $1 }, radius: 1)
            let residual = zip(moved, column).map { abs($0 - $1) }.max() ?? 0
            #expect(residual <= 1e-5, "column \(c): ‖Π(r − t∇) − r‖∞ = \(residual)")
        }
    }

    /// The trained model's A has rank ≤ k by Linalg's SVD, and ‖A‖∞ ≤ κ.
    @Test(arguments: [1, 3])
    func trainedModelHasRankAtMostK(rank: Int) throws {
        let data = try TrainingFixtures.teacherData(activation: .relu, seed: 51)
        var options = FitOptions(structure: .implicit(states: 7), activation: .relu)
        options.rank = rank
        options.iterations = 3
        options.refinementSteps = 0 // BCD alone
        let bcd = try BlockCoordinateDescent(data: data, options: options)
        let result = try bcd.run()
        let a = try bcd.model(result.parameters).a.dense()
        let sigma = try a.singularValues()
        let largest = try #require(sigma.first)
        #expect(largest > 0)
        #expect(sigma[rank...].allSatisfy { $0 <= Self.rankTolerance * largest }, "σ = \(sigma)")
        #expect(a.normInf <= options.kappa * (1 + Self.boundSlack))
        var previous = result.report.history[0].objective.total
        for entry in result.report.history.dropFirst() {
            for value in entry.blockObjectives {
                #expect(value <= previous + BlockCoordinateDescentTests.monotoneSlack * max(1, abs(previous)))
                previous = value
            }
        }
    }

    @Test func refusesRanksThatDoNotApply() {
        func options(_ structure: TrainingStructure, rank: Int, penalty: Bool = false) -> FitOptions {
            var o = FitOptions(structure: structure, activation: .relu)
            o.rank = rank
            if penalty { o.columnPenalty = ColumnPenalty(weight: 0.1) }
            return o
        }
        #expect(throws: TrainingError.self) { try options(.implicit(states: 4), rank: 0).validate() }
        #expect(throws: TrainingError.self) { try options(.implicit(states: 4), rank: 5).validate() }
        #expect(throws: TrainingError.self) { try options(.feedforward(layers: [3, 2]), rank: 1).validate() }
        #expect(throws: TrainingError.self) { try options(.implicit(states: 4), rank: 2, penalty: true).validate() }
        #expect(throws: Never.self) { try options(.implicit(states: 4), rank: 4).validate() }
    }
}
