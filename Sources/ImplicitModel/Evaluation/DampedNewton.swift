import Linalg

/// Damped Newton on F(x) = x − Φ(A x + c), one sample at a time: the solver of a component that
/// is not proven contractive and whose Φ is smooth (or semismooth), elementwise or with block
/// maps alike.
///
/// From x₀ = Φ(c), each step solves J s = −F(x) with J = I − Φ'(z) A at z = A x + c
/// (`ComponentMap.residualJacobian`, by row blocks; one LU), then halves t from 1 until
/// ‖F(x + t s)‖∞ < (1 − `sufficientDecrease` · t) ‖F(x)‖∞ (Armijo on the max-norm) or the trial
/// already meets the tolerance. It stops when ‖F(x)‖∞ ≤ `SolverOptions.tolerance` · max(1, ‖x‖∞);
/// after `maxNewtonIterations` steps or a line search that fails, the state is returned only if
/// ‖F(x)‖∞ ≤ `residualTolerance` · max(1, ‖x‖∞).
struct DampedNewton: Sendable {
    let equation: ComponentEquation
    let options: SolverOptions
    /// Names for error messages.
    let blockNames: [String]
    /// A's rows of each block of Φ, cut once for every Jacobian of the solve.
    let rowBlocks: [Matrix]

    /// The line search halves the step down to this before giving up: 34 halvings.
    static let smallestStep = 1e-10
    /// Armijo's sufficient decrease of the residual's max-norm per unit step.
    static let sufficientDecrease = 1e-4

    init(_ equation: ComponentEquation, options: SolverOptions, blockNames: [String]) {
        self.equation = equation
        self.options = options
        self.blockNames = blockNames
        rowBlocks = equation.map.rowBlocks(of: equation.a)
    }

    /// x with x = Φ(A x + c) for one sample c.
    /// - Throws: `EvaluationError.singularSystem` when a Jacobian is singular,
    ///   `EvaluationError.notConverged` (method "Newton") when the residual stays above
    ///   `residualTolerance`.
    func solve(_ c: [Double], sample: Int) throws -> [Double] {
        let n = c.count
        var x = c
        equation.map.apply(toSample: &x)
        var current = equation.residual(of: x, c)
        for _ in 0..<options.maxNewtonIterations {
            let scale = Swift.max(1, x.map(Swift.abs).max() ?? 0)
            if current.norm <= options.tolerance * scale { return x }
            let jacobian = equation.map.residualJacobian(at: current.z, rowBlocks: rowBlocks)
            guard let lu = try? LUFactorization(jacobian), !lu.isSingular,
                  let solved = try? lu.solve(Matrix(column: current.f.map { -$0 })) else {
                throw EvaluationError.singularSystem(blocks: blockNames, sample: sample)
            }
            let step = solved.column(0)
            var t = 1.0, accepted = false
            while t >= Self.smallestStep {
                let trial = (0..<n).map { x[$0] + t * step[$0] }
                let next = equation.residual(of: trial, c)
                if next.norm < (1 - Self.sufficientDecrease * t) * current.norm || next.norm <= options.tolerance * scale {
                    x = trial; current = next; accepted = true; break
                }
                t /= 2
            }
            if !accepted { break }
        }
        let scale = Swift.max(1, x.map(Swift.abs).max() ?? 0)
        if current.norm <= options.residualTolerance * scale { return x }
        throw EvaluationError.notConverged(blocks: blockNames, sample: sample, method: "Newton", residual: current.norm)
    }
}
