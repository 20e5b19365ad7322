import ImplicitTestSupport
import Testing
@testable import ImplicitModel

/// The one Picard contraction bound: each norm it reports is recomputed here independently, and
/// a matrix that only the weighted max-norm proves contractive is contractive for the solver.
@Suite struct PicardContractionTests {
    @Test func weightedNormProvesWhatRowAndColumnSumsCannot() throws {
        // ‖A‖∞ = ‖A‖₁ = 10, ‖A‖₂ = 10, but ρ(|A|) = √(10 · 0.05) ≈ 0.707: with v = (1, 0.0707…)
        // the weighted max-norm of A is 0.707 < 1.
        let a = Matrix([[0, 10], [0.05, 0]])
        let bound = PicardContraction(a: a, activations: [.relu, .relu])
        #expect(bound.norm == .weightedInf && bound.isContractive)
        let v = try #require(bound.scaling)
        let av = a.absoluteValues.apply(to: v)
        let ratio = max(av[0] / v[0], av[1] / v[1])
        #expect(abs(ratio - bound.factor) <= 1e-15 && bound.factor >= 0.5.squareRoot() - 1e-12)
        // The solver iterates (Picard is a contraction in that norm) and gets the LCP's solution.
        let solver = ComponentSolver(a: a, activations: [.relu, .relu], options: SolverOptions())
        let c = Matrix([[1, -1, 0.5], [2, 1, -3]])
        let (x, report) = try solver.solveWithReport(c)
        #expect(report.method == .anderson)
        for j in 0..<3 {
            let truth = BruteForceLCP.solutions(a: a, c: c.column(j))
            #expect(truth.count == 1)
            for i in 0..<2 { #expect(abs(x[i, j] - truth[0][i]) <= 1e-10 * max(1, abs(truth[0][i]))) }
        }
    }

    @Test func lipschitzConstantsScaleRows() {
        // Sigmoid rows count a quarter: M = diag(1/4, 1) A.
        let a = Matrix([[2, 1], [0.3, 0.1]])
        let bound = PicardContraction(a: a, activations: [.sigmoid, .tanh])
        #expect(bound.norm == .inf && abs(bound.factor - 0.75) <= 1e-15)
        #expect(abs(bound.euclideanBound - (0.75 * 0.8).squareRoot()) <= 1e-15)
    }

    @Test func marginDecidesTheBoundary() {
        let a = Matrix([[1 - 1e-13]])
        #expect(!PicardContraction(a: a, activations: [.relu]).isContractive)
        #expect(PicardContraction(a: Matrix([[1 - 1e-11]]), activations: [.relu]).isContractive)
    }

    @Test func measureIsTheNormAndSeesNaN() {
        let bound = PicardContraction(a: Matrix([[0.5, 0], [0, 0.25]]), activations: [.relu, .relu])
        #expect(bound.norm == .inf)
        [3.0, -4].withUnsafeBufferPointer { #expect(bound.measure($0) == 4) }
        [3.0, .nan].withUnsafeBufferPointer { #expect(bound.measure($0) == .infinity) }
    }
}
