import ImplicitTestSupport
import Testing
@testable import ImplicitModel

/// Picard iteration with its float32 first phase and its proof of the residual from the last
/// step must return what plain float64 Picard returns, to the stopping tolerance.
@Suite struct PicardSolverTests {
    /// Plain float64 Picard from φ(c) with the documented stopping rule, as an independent loop.
    static func reference(a: Matrix, c: Matrix, phi: [Activation], kappa: Double, tolerance: Double) -> Matrix {
        var x = c
        for k in x.columnMajorElements.indices { x[columnMajorIndex: k] = phi[k % c.rows](x[columnMajorIndex: k]) }
        while true {
            var next = Matrix.product(a, x)
            for k in next.columnMajorElements.indices { next[columnMajorIndex: k] = phi[k % c.rows](next[columnMajorIndex: k] + c[columnMajorIndex: k]) }
            let step = zip(next.columnMajorElements, x.columnMajorElements).map { abs($0 - $1) }.max() ?? 0
            let scale = max(1, next.maxAbs)
            x = next
            if step <= tolerance * (1 - kappa) * scale { return x }
        }
    }

    /// A with ‖A‖∞ = `norm` exactly, dense Gaussian entries.
    static func matrix(_ n: Int, norm: Double, using rng: inout SeededGenerator) -> Matrix {
        var a = rng.matrix(n, n)
        a.scale(by: norm / a.normInf)
        return a
    }

    /// An n × n component with ‖A‖∞ = `norm`, φ on every state, and n × m right-hand sides c,
    /// drawn in that order from `seed`.
    static func component(_ n: Int, samples m: Int, norm: Double, phi: Activation, tolerance: Double,
                          seed: UInt64) -> (solver: ComponentSolver, c: Matrix) {
        var rng = SeededGenerator(seed: seed)
        let a = matrix(n, norm: norm, using: &rng)
        let c = rng.matrix(n, m)
        let solver = ComponentSolver(a: a, activations: [Activation](repeating: phi, count: n), options: SolverOptions(tolerance: tolerance))
        return (solver, c)
    }

    @Test(arguments: [Activation.relu, .leakyReLU(alpha: 0.1), .identity])
    func largeComponentsMatchPlainFloat64Picard(_ phi: Activation) throws {
        let tolerance = 1e-10
        let (solver, c) = Self.component(300, samples: 17, norm: 0.9, phi: phi, tolerance: tolerance, seed: 41)
        #expect(solver.a.rows >= ComponentSolver.float32PhaseMinimumSize)
        let x = try solver.solve(c)
        Self.expectPicardsPoint(x, solver: solver, c: c, tolerance: tolerance, residual: 1e-9)
    }

    /// `x` is within 2 · tolerance · scale of plain float64 Picard's answer (both are within
    /// tolerance · scale of the fixed point) and solves x = φ(Ax + c) to `residual` · scale.
    static func expectPicardsPoint(_ x: Matrix, solver: ComponentSolver, c: Matrix, tolerance: Double, residual: Double) {
        let a = solver.a, phi = solver.activations, n = a.rows
        let truth = reference(a: a, c: c, phi: phi, kappa: solver.contractionFactor, tolerance: tolerance)
        let scale = max(1, truth.maxAbs)
        let difference = (x - truth).maxAbs
        #expect(difference <= 2 * tolerance * scale, "‖x − x_Picard‖∞ = \(difference)")
        var z = Matrix.product(a, x)
        z.add(c)
        let zs = z.columnMajorElements, xs = x.columnMajorElements
        let worst = zs.indices.map { abs(phi[$0 % n](zs[$0]) - xs[$0]) }.max() ?? .nan
        #expect(worst <= residual * scale, "residual \(worst)")
    }

    @Test(arguments: [Activation.relu, .identity])
    func fastContractionsPolishWithFloat32Increments(_ phi: Activation) throws {
        // Gaussian A: Picard contracts by about 0.04 per sweep, the float32 phase sees it, and the
        // sweeps to 1e-12 update z += A (x' − x) in float32 instead of five float64 gemms.
        let tolerance = 1e-12
        let (solver, c) = Self.component(600, samples: 24, norm: 0.95, phi: phi, tolerance: tolerance, seed: 43)
        let (x, report) = try solver.solveWithReport(c)
        #expect(report.method == .picard, "\(report.summary)")
        #expect(report.float64Sweeps <= 3 && report.float32Sweeps >= 5, "\(report.summary)")
        Self.expectPicardsPoint(x, solver: solver, c: c, tolerance: tolerance, residual: tolerance)
    }

    @Test func mixedActivationsTakeTheFloat64PathAlone() throws {
        var rng = SeededGenerator(seed: 42)
        let n = 160, m = 5
        let a = Self.matrix(n, norm: 0.8, using: &rng)
        let c = rng.matrix(n, m)
        let activations = (0..<n).map { $0 % 2 == 0 ? Activation.relu : .tanh }
        let (x, report) = try ComponentSolver(a: a, activations: activations, options: SolverOptions()).solveWithReport(c)
        #expect(report.float32Sweeps == 0 && report.float64Sweeps > 0, "\(report.summary)")
        let truth = Self.reference(a: a, c: c, phi: activations, kappa: 0.8, tolerance: 1e-12)
        for k in x.columnMajorElements.indices { #expect(abs(x.columnMajorElements[k] - truth.columnMajorElements[k]) <= 1e-10) }
    }

    @Test func theResidualBoundNeedsAContractingInfinityNorm() throws {
        // ‖A‖₁ < 1 ≤ ‖A‖∞: Picard is proven by the 1-norm, the ∞-norm proof of the residual does
        // not apply, and the separate verification must run (and pass).
        var rng = SeededGenerator(seed: 43)
        let n = 200
        var a = Self.matrix(n, norm: 0.5, using: &rng)
        for i in 0..<n { a[0, i] = 1.5 / Double(n) * (i % 2 == 0 ? 1 : -1) }
        #expect(a.normInf >= 1 && a.norm1 < 1)
        let c = rng.matrix(n, 3)
        let x = try ComponentSolver(a: a, activations: [Activation](repeating: .relu, count: n),
                                    options: SolverOptions(tolerance: 1e-10)).solve(c)
        // The answer is the fixed point: φ(Ax + c) − x is small against the scale of x.
        var z = Matrix.product(a, x)
        z.add(c)
        let scale = max(1, x.maxAbs)
        for k in z.columnMajorElements.indices { #expect(abs(max(0, z.columnMajorElements[k]) - x.columnMajorElements[k]) <= 1e-8 * scale) }
    }
}
