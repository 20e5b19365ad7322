/// Solves x = φ(A x + c) for one cyclic component and a batch of right-hand sides c.
///
/// - Anderson-accelerated Picard iteration, batched as one gemm per sweep, when the
///   `PicardContraction` bound κ < 1 proves the iteration contractive (the bound lint reports and
///   the ONNX exporter unrolls with); plain Picard sweeps when the float32 phase showed a
///   contraction fast enough that mixing cannot pay (`andersonMinimumRate`).
/// - Otherwise, per sample: for piecewise-linear φ an active-set method (`ActiveSetSolver`,
///   finite for well-posed ReLU blocks); for smooth φ a damped semismooth Newton method
///   (`DampedNewton`, shared with `BlockMapComponentSolver`).
/// Every result is verified against `SolverOptions.residualTolerance` (`ComponentEquation.verify`).
public struct ComponentSolver: Sendable {
    /// A, as the equation holds it (column-major, float64).
    public var a: Matrix { equation.a }
    public let activations: [Activation]
    public let options: SolverOptions
    /// The Picard contraction bound and the norm it holds in.
    public let contraction: PicardContraction
    /// x = φ(A x + c) with φ one block of these activations: what Newton and the check evaluate.
    let equation: ComponentEquation
    /// Names for error messages.
    let blockNames: [String]

    /// The proven Picard contraction factor (≥ 1 − margin when none is proven).
    public var contractionFactor: Double { contraction.factor }

    public init(a: Matrix, activations: [Activation], options: SolverOptions, blockNames: [String] = []) {
        precondition(a.isSquare && a.rows == activations.count, "component shapes disagree")
        // The equation holds A column-major (a no-op for the usual column-major block), and the
        // Picard sweeps share its buffer.
        equation = ComponentEquation(a: a, map: ComponentMap(activations: activations))
        self.activations = activations
        self.options = options
        self.blockNames = blockNames
        contraction = PicardContraction(a: a, activations: activations)
    }

    /// - Parameter c: n × m, one right-hand side per column.
    /// - Returns: n × m states.
    /// - Throws: `EvaluationError` when a solve fails or its verification does.
    public func solve(_ c: Matrix) throws -> Matrix {
        try solveWithReport(c).x
    }

    /// As `solve(_:)`, with the method and sweeps it took.
    public func solveWithReport(_ c: Matrix) throws -> (x: Matrix, report: EvaluationReport.Component) {
        let x: Matrix
        var verified = false
        var report: EvaluationReport.Component
        if contraction.isContractive {
            report = EvaluationReport.Component(blocks: blockNames, states: a.rows, method: .picard)
            (x, verified) = try picard(c, report: &report)
            report.provenByLastSweep = verified
        } else if activations.allSatisfy(\.isPiecewiseLinear) {
            report = EvaluationReport.Component(blocks: blockNames, states: a.rows, method: .activeSet)
            let solver = ActiveSetSolver(a: a, activations: activations,
                                         maxPivots: options.maxPivotsPerState * a.rows + 100)
            x = try Matrix.solvingEachSample(of: c) { column, sample in
                switch solver.solve(column) {
                case .solved(let solution): return solution
                case .singular: throw EvaluationError.singularSystem(blocks: blockNames, sample: sample)
                case .pivotLimitReached:
                    throw EvaluationError.notConverged(blocks: blockNames, sample: sample, method: "active set", residual: .nan)
                }
            }
        } else {
            report = EvaluationReport.Component(blocks: blockNames, states: a.rows, method: .newton)
            let newton = DampedNewton(equation, options: options, blockNames: blockNames)
            x = try Matrix.solvingEachSample(of: c) { column, sample in try newton.solve(column, sample: sample) }
        }
        if !verified { try equation.verify(x, c, tolerance: options.residualTolerance, blockNames: blockNames) }
        return (x, report)
    }

    // Picard iteration: ComponentSolver+Picard.swift.
}
