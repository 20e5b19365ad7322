import Linalg

/// Solves x = Φ(A x + c) for one cyclic component in which some block applies a block map
/// (softmax, layer normalisation), for a batch of right-hand sides c.
///
/// - Picard iteration over the batch, one gemm per sweep, when the block-map contraction bound
///   (`PicardContraction(a:maps:sizes:)`) proves κ < 1: it stops when the step is below
///   tolerance · (1 − κ) · max(1, max |x|), so the error to the fixed point is below
///   tolerance · max(1, max |x|).
/// - Otherwise, per sample, damped Newton on F(x) = x − Φ(Ax + c) (`DampedNewton`), whose
///   Jacobian I − Φ'(z) A is formed by row blocks, Φ'(z) being block diagonal.
/// Every result is verified against `SolverOptions.residualTolerance`
/// (`ComponentEquation.verify`), so a component that is not well-posed (or on which Newton
/// stalls) fails rather than returning a wrong state.
public struct BlockMapComponentSolver: Sendable {
    /// A, as the equation holds it (column-major, float64).
    public var a: Matrix { equation.a }
    public let options: SolverOptions
    public let contraction: PicardContraction
    let equation: ComponentEquation
    let blockNames: [String]

    public init(a: Matrix, maps: [StateMap], sizes: [Int], options: SolverOptions, blockNames: [String] = []) {
        equation = ComponentEquation(a: a, map: ComponentMap(maps: maps, sizes: sizes))
        self.options = options
        self.blockNames = blockNames
        contraction = PicardContraction(a: a, maps: maps, sizes: sizes)
    }

    /// - Parameter c: n × m, one right-hand side per column.
    /// - Returns: n × m states, with the method used.
    /// - Throws: `EvaluationError` when a solve or its verification fails.
    public func solveWithReport(_ c: Matrix) throws -> (x: Matrix, report: EvaluationReport.Component) {
        var report: EvaluationReport.Component
        let x: Matrix
        if contraction.isContractive {
            report = EvaluationReport.Component(blocks: blockNames, states: a.rows, method: .picard)
            x = try picard(c, report: &report)
        } else {
            report = EvaluationReport.Component(blocks: blockNames, states: a.rows, method: .newton)
            let newton = DampedNewton(equation, options: options, blockNames: blockNames)
            x = try Matrix.solvingEachSample(of: c) { column, sample in try newton.solve(column, sample: sample) }
        }
        try equation.verify(x, c, tolerance: options.residualTolerance, blockNames: blockNames)
        return (x, report)
    }

    private func picard(_ c: Matrix, report: inout EvaluationReport.Component) throws -> Matrix {
        var x = c
        equation.map.apply(to: &x)
        var next = Matrix(rows: c.rows, cols: c.cols)
        let stopFactor = options.tolerance * (1 - contraction.factor)
        var step = Double.infinity
        for _ in 0..<options.maxPicardIterations {
            equation.image(x, c, into: &next)
            report.float64Sweeps += 1
            step = 0
            var scale = 1.0
            next.withColumnMajorElements { new in
                x.withColumnMajorElements { old in
                    for k in new.indices {
                        step = Swift.max(step, Swift.abs(new[k] - old[k]))
                        scale = Swift.max(scale, Swift.abs(new[k]))
                    }
                }
            }
            swap(&x, &next)
            guard x.isFinite else { break }
            if step <= stopFactor * scale { return x }
        }
        throw EvaluationError.notConverged(blocks: blockNames, sample: nil, method: "Picard", residual: step)
    }
}
