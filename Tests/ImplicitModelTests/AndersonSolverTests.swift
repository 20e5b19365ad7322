import ImplicitTestSupport
import Testing
@testable import ImplicitModel

/// Anderson-accelerated Picard iteration must return Picard's fixed points (to the stopping
/// tolerance) in fewer sweeps, on the benchmark's kind of model: ReLU, n = 1000, ‖A‖∞ = 0.95 and
/// 0.99. With A ≥ 0 the contraction rate is close to ‖A‖∞ (Perron–Frobenius), the case where
/// plain Picard needs hundreds of sweeps; with Gaussian A it is fast already.
@Suite struct AndersonSolverTests {
    /// A with ‖A‖∞ = `norm` exactly: |Gaussian| entries (slow Picard) or signed ones.
    static func matrix(_ n: Int, norm: Double, nonnegative: Bool, seed: UInt64) -> Matrix {
        var rng = SeededGenerator(seed: seed)
        var a = rng.matrix(n, n)
        if nonnegative { a = a.absoluteValues }
        a.scale(by: norm / a.normInf)
        return a
    }

    static func solve(_ a: Matrix, _ c: Matrix, depth: Int, tolerance: Double) throws -> (x: Matrix, report: EvaluationReport.Component) {
        var options = SolverOptions(tolerance: tolerance)
        options.andersonDepth = depth
        let solver = ComponentSolver(a: a, activations: [Activation](repeating: .relu, count: a.rows), options: options)
        return try solver.solveWithReport(c)
    }

    /// Full-batch gemms, a float32 sweep counted as half a float64 one and each safeguard
    /// fallback as one gemm column of m.
    static func cost(_ r: EvaluationReport.Component, samples m: Int) -> Double {
        Double(r.float64Sweeps) + Double(r.float32Sweeps) / 2 + Double(r.rejectedSteps) / Double(m)
    }

    @Test(arguments: [(0.95, true), (0.99, true), (0.95, false), (0.99, false)])
    func samePointsAsPicardInFewerSweeps(_ norm: Double, _ nonnegative: Bool) throws {
        let n = 1000, m = 48, tolerance = 1e-10
        let a = Self.matrix(n, norm: norm, nonnegative: nonnegative, seed: 71)
        var rng = SeededGenerator(seed: 72)
        let c = rng.matrix(n, m)
        let picard = try Self.solve(a, c, depth: 0, tolerance: tolerance)
        let anderson = try Self.solve(a, c, depth: 5, tolerance: tolerance)
        // Gaussian A contracts by about 0.03 per sweep: the float32 phase sees it, and the float64
        // phase runs plain Picard (ComponentSolver.andersonMinimumRate); A ≥ 0 gets Anderson.
        #expect(picard.report.method == .picard)
        #expect(anderson.report.method == (nonnegative ? .anderson : .picard), "\(anderson.report.summary)")
        // Each is within κ/(1 − κ) · step ≤ tolerance · scale of the fixed point.
        let scale = max(1, picard.x.maxAbs)
        let difference = (anderson.x - picard.x).maxAbs
        #expect(difference <= 2 * tolerance * scale, "‖x_Anderson − x_Picard‖∞ = \(difference)")
        // Independent check of the returned states: the residual of x = relu(Ax + c).
        var z = c
        z.addProduct(a, anderson.x)
        let residual = zip(anderson.x.columnMajorElements, z.columnMajorElements).map { abs($0 - max(0, $1)) }.max() ?? .nan
        #expect(residual <= 1e-9 * scale)
        let picardCost = Self.cost(picard.report, samples: m), andersonCost = Self.cost(anderson.report, samples: m)
        if nonnegative {
            // Picard's rate is close to ‖A‖∞ here: dozens of gemms even with its float32 phase.
            #expect(picardCost > 50, "Picard \(picard.report.summary)")
            #expect(andersonCost * 3 <= picardCost, "Anderson \(anderson.report.summary); Picard \(picard.report.summary)")
        } else {
            #expect(andersonCost <= picardCost, "Anderson \(anderson.report.summary); Picard \(picard.report.summary)")
        }
    }

    @Test func smallAndMixedComponentsMatchPicard() throws {
        // Below the float32 phase's size, with leaky ReLU and tanh states mixed: Anderson from φ(c).
        let n = 40, m = 9
        var rng = SeededGenerator(seed: 9)
        var a = rng.matrix(n, n)
        a.scale(by: 0.9 / a.normInf)
        let activations = (0..<n).map { $0 % 3 == 0 ? Activation.tanh : .leakyReLU(alpha: 0.2) }
        let c = rng.matrix(n, m, scale: 2)
        var plain = SolverOptions(tolerance: 1e-11)
        plain.andersonDepth = 0
        let picard = try ComponentSolver(a: a, activations: activations, options: plain).solve(c)
        let (x, report) = try ComponentSolver(a: a, activations: activations, options: SolverOptions(tolerance: 1e-11)).solveWithReport(c)
        #expect(report.method == .anderson && report.float32Sweeps == 0)
        #expect((x - picard).maxAbs <= 2e-11 * max(1, picard.maxAbs))
    }

    @Test func nonContractiveModelsStillTakeTheExactPaths() throws {
        // A = −2 I is well-posed for ReLU, Picard cycles: the active-set solver, not Anderson.
        let a = -2 * Matrix.identity(3)
        var rng = SeededGenerator(seed: 5)
        let c = rng.matrix(3, 7, scale: 3)
        let relu = ComponentSolver(a: a, activations: [Activation](repeating: .relu, count: 3), options: SolverOptions())
        #expect(!relu.contraction.isContractive)
        let (x, report) = try relu.solveWithReport(c)
        #expect(report.method == .activeSet)
        for j in 0..<7 { for i in 0..<3 { #expect(abs(x[i, j] - max(0, c[i, j]) / 3) <= 1e-12) } }
        let smooth = ComponentSolver(a: a, activations: [Activation](repeating: .tanh, count: 3), options: SolverOptions())
        #expect(try smooth.solveWithReport(c).report.method == .newton)
    }

    @Test func evaluationReportsEachCyclicComponent() throws {
        let a = Self.matrix(200, norm: 0.95, nonnegative: true, seed: 3)
        var parts = ImplicitModel.Builder(input: Port(name: "u", size: 200), output: Port(name: "y", size: 200),
                                          states: [StateBlock(name: "z", size: 200, activation: .relu)])
        parts.a[0, 0] = a
        parts.b[0, 0] = .identity(200)
        parts.c[0, 0] = .identity(200)
        let model = try parts.build()
        var rng = SeededGenerator(seed: 4)
        var report = EvaluationReport()
        _ = try model.predict(rng.matrix(200, 5), report: &report)
        #expect(report.components.count == 1)
        let component = try #require(report.components.first)
        #expect(component.blocks == ["z"] && component.states == 200 && component.method == .anderson)
        #expect(component.float64Sweeps > 0)
        #expect(component.summary.hasPrefix("{z} (200 states): anderson, \(component.float32Sweeps) float32 + \(component.float64Sweeps) float64 sweeps"))
    }
}
