import Testing
@testable import ImplicitModel

/// Cyclic blocks: the solvers must return the unique state of well-posed models, including
/// ones where Picard iteration cycles, and fail loudly rather than return a wrong state.
@Suite struct EvaluationTests {
    /// A one-block model x = φ(A x + u), y = x.
    static func model(a: Matrix, activation: Activation = .relu) throws -> ImplicitModel {
        try ImplicitModel.oneBlock(.elementwise(activation), a: a)
    }

    /// Each column of `states` is, entry by entry to `tolerance(truth)`, the one solution of
    /// x = max(0, A x + u) that enumerating every active set finds for that column of `inputs`.
    static func expectTheUniqueLCPSolutions(_ states: Matrix, a: Matrix, inputs: Matrix, tolerance: (Double) -> Double) {
        for j in 0..<inputs.cols {
            let truth = BruteForceLCP.solutions(a: a, c: inputs.column(j))
            #expect(truth.count == 1, "sample \(j) has \(truth.count) solutions")
            guard let x = truth.first else { continue }
            for i in x.indices { #expect(abs(states[i, j] - x[i]) <= tolerance(x[i]), "sample \(j), state \(i)") }
        }
    }

    @Test func minusTwoIdentityIsSolvedThoughPicardCycles() throws {
        let a = -2 * Matrix.identity(3)
        let solver = ComponentSolver(a: a, activations: [Activation](repeating: .relu, count: 3), options: SolverOptions())
        #expect(solver.contractionFactor == 2)
        var rng = SeededGenerator(seed: 5)
        let inputs = rng.matrix(3, 25, scale: 3)
        let states = try Self.model(a: a).predict(inputs)
        Self.expectTheUniqueLCPSolutions(states, a: a, inputs: inputs) { _ in 1e-12 }
        // x = max(0, −2x + u) has the unique solution max(0, u)/3.
        for j in 0..<inputs.cols {
            for i in 0..<3 { #expect(abs(states[i, j] - max(0, inputs[i, j]) / 3) <= 1e-12) }
        }
    }

    @Test func pMatrixWithLargeNormMatchesEnumeration() throws {
        // I − A = [[2, -1.5, 0.5], [1, 1.5, -0.8], [0.3, 1.2, 1]] is a P-matrix (every principal
        // minor positive, checked below) while ‖A‖∞ = 2.5.
        let a = Matrix([[-1, 1.5, -0.5], [-1, -0.5, 0.8], [-0.3, -1.2, 0]])
        var iMinusA = Matrix.identity(3); iMinusA.add(a, scaledBy: -1)
        for mask in 1..<8 {
            let s = (0..<3).filter { mask & (1 << $0) != 0 }
            #expect(try LUFactorization(iMinusA.submatrix(rows: s, cols: s)).determinant > 0)
        }
        #expect(a.normInf > 1)
        var rng = SeededGenerator(seed: 9)
        let inputs = rng.matrix(3, 200, scale: 2)
        let states = try Self.model(a: a).predict(inputs)
        Self.expectTheUniqueLCPSolutions(states, a: a, inputs: inputs) { _ in 1e-10 }
    }

    @Test func randomWellPosedReLUBlocksMatchEnumeration() throws {
        // Random A with I − A strictly row-diagonally dominant with positive diagonal: a P-matrix,
        // while the norms of A are far above 1, so the active-set path is exercised.
        var rng = SeededGenerator(seed: 21)
        for _ in 0..<100 {
            let n = Int.random(in: 2...7, using: &rng)
            var a = rng.matrix(n, n, scale: 0.8)
            for i in 0..<n {
                let off = (0..<n).filter { $0 != i }.reduce(0) { $0 + abs(a[i, $1]) }
                a[i, i] = 1 - off - Double.random(in: 0.05...3, using: &rng)
            }
            let inputs = rng.matrix(n, 8, scale: 2)
            let states = try Self.model(a: a).predict(inputs)
            Self.expectTheUniqueLCPSolutions(states, a: a, inputs: inputs) { 1e-9 * max(1, abs($0)) }
        }
    }

    @Test(arguments: [Activation.tanh, .sigmoid, .leakyReLU(alpha: 0.2)])
    func nonContractiveSmoothBlocksSatisfyTheFixedPoint(activation: Activation) throws {
        let a = Matrix([[-1.5, 0.4], [0.3, -1.2]])
        let model = try Self.model(a: a, activation: activation)
        var rng = SeededGenerator(seed: 4)
        let inputs = rng.matrix(2, 20, scale: 2)
        let states = try model.evaluate(inputs).states[0]
        for j in 0..<inputs.cols {
            let x = states.column(j)
            let z = zip(a.apply(to: x), inputs.column(j)).map { $0 + $1 }
            for i in 0..<2 { #expect(abs(x[i] - activation(z[i])) <= 1e-10) }
        }
    }

    @Test func contractiveBlockIsSolvedByPicardSweepsAndConverges() throws {
        var rng = SeededGenerator(seed: 8)
        var a = rng.matrix(20, 20)
        a.scale(by: 0.9 / a.normInf)
        let model = try Self.model(a: a, activation: .tanh)
        let inputs = rng.matrix(20, 10)
        var report = EvaluationReport()
        let states = try model.evaluate(inputs, report: &report).states[0]
        // Plain or Anderson-accelerated: either way Picard sweeps, never a per-sample solve.
        #expect(report.components.count == 1 && report.components.allSatisfy { [.picard, .anderson].contains($0.method) },
                "\(report.components.map(\.summary))")
        var z = inputs; z.addProduct(a, states)
        #expect(zip(states.columnMajorElements, z.columnMajorElements).allSatisfy { abs($0 - tanh($1)) <= 1e-11 })
    }

    /// x = max(0, 2x + u) has no solution for u > 0 (x ≥ 2x + u > x), one for u = 0 (x = 0) and
    /// two for u < 0 (x = 0 and x = −u): where none exists the evaluation must throw, naming the
    /// block; elsewhere it may throw, but a state it returns must solve the equation.
    @Test func illPosedBlockThrowsWhereNoStateExistsAndNeverReturnsAWrongState() throws {
        let model = try Self.model(a: Matrix([[2]]))
        for u in [0.5, 1, 3] {
            let error = try #require(throws: EvaluationError.self) { try model.predict(Matrix([[u]])) }
            switch error {
            case .notConverged(let blocks, _, _, _), .singularSystem(let blocks, _):
                #expect(blocks == ["x"], "u = \(u): \(error)")
            default:
                Issue.record("u = \(u): \(error) does not name the block")
            }
        }
        for u in [-2, -0.5, 0] {
            do {
                let x = try model.predict(Matrix([[u]]))[0, 0]
                #expect(abs(x - max(0, 2 * x + u)) <= 1e-12, "u = \(u): x = \(x)")
            } catch is EvaluationError {
                continue
            }
        }
    }

    @Test func inputsAreChecked() throws {
        let model = try Self.model(a: Matrix([[0.5]]))
        #expect(throws: EvaluationError.inputShape(expected: 1, found: 2)) { try model.predict(Matrix(rows: 2, cols: 1)) }
        #expect(throws: EvaluationError.nonFiniteInput(sample: 1, feature: 0)) {
            try model.predict(Matrix(rows: 1, cols: 2, columnMajor: [0, .nan]))
        }
    }
}

import Foundation
import ImplicitTestSupport
