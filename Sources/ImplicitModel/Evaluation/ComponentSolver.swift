/// Solves x = φ(A x + c) for one cyclic component and a batch of right-hand sides c.
///
/// - Anderson-accelerated Picard iteration, batched as one gemm per sweep, when the
///   `PicardContraction` bound κ < 1 proves the iteration contractive (the bound lint reports and
///   the ONNX exporter unrolls with); plain Picard sweeps when the float32 phase showed a
///   contraction fast enough that mixing cannot pay (`andersonMinimumRate`).
/// - Otherwise, per sample: for piecewise-linear φ an active-set method (`ActiveSetSolver`,
///   finite for well-posed ReLU blocks); for smooth φ a damped semismooth Newton method.
/// Every result is verified against `SolverOptions.residualTolerance`.
public struct ComponentSolver: Sendable {
    public let a: Matrix
    public let activations: [Activation]
    public let options: SolverOptions
    /// The Picard contraction bound and the norm it holds in.
    public let contraction: PicardContraction
    /// Names for error messages.
    let blockNames: [String]

    /// The proven Picard contraction factor (≥ 1 − margin when none is proven).
    public var contractionFactor: Double { contraction.factor }

    public init(a: Matrix, activations: [Activation], options: SolverOptions, blockNames: [String] = []) {
        precondition(a.isSquare && a.rows == activations.count, "component shapes disagree")
        // Column-major once (a no-op for the usual column-major block): the per-sample solvers
        // apply A with gemv in a loop, which `Matrix.apply` runs on column-major storage only.
        self.a = a.inLayout(.columnMajor)
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
            x = try perSample(c) { column, sample in
                switch solver.solve(column) {
                case .solved(let solution): return solution
                case .singular: throw EvaluationError.singularSystem(blocks: blockNames, sample: sample)
                case .pivotLimitReached:
                    throw EvaluationError.notConverged(blocks: blockNames, sample: sample, method: "active set", residual: .nan)
                }
            }
        } else {
            report = EvaluationReport.Component(blocks: blockNames, states: a.rows, method: .newton)
            x = try perSample(c) { column, sample in try newton(column, sample: sample) }
        }
        if !verified { try verify(x, c) }
        return (x, report)
    }

    private func perSample(_ c: Matrix, _ solveOne: ([Double], Int) throws -> [Double]) throws -> Matrix {
        var x = Matrix(rows: c.rows, cols: c.cols)
        for j in 0..<c.cols {
            let solution = try solveOne(c.column(j), j)
            x.setColumn(j, to: solution)
        }
        return x
    }

    /// φ applied to row i's activation, in place over a column-per-sample matrix.
    func applyActivations(_ z: inout Matrix) {
        let n = z.rows, m = z.cols
        z.withMutableColumnMajorElements { z in
            for j in 0..<m {
                for i in 0..<n { z[i + j * n] = activations[i](z[i + j * n]) }
            }
        }
    }

    // Picard iteration: ComponentSolver+Picard.swift.

    private func newton(_ c: [Double], sample: Int) throws -> [Double] {
        let n = c.count
        func residual(_ x: [Double]) -> (f: [Double], z: [Double], norm: Double) {
            var z = a.apply(to: x)
            for i in 0..<n { z[i] += c[i] }
            var f = [Double](repeating: 0, count: n), norm = 0.0
            for i in 0..<n { f[i] = x[i] - activations[i](z[i]); norm = max(norm, abs(f[i])) }
            return (f, z, norm)
        }
        var x = (0..<n).map { activations[$0](c[$0]) }
        var current = residual(x)
        for _ in 0..<options.maxNewtonIterations {
            let scale = max(1, x.map(abs).max() ?? 0)
            if current.norm <= options.tolerance * scale { return x }
            // J = I − diag(φ'(z)) A
            var jacobian = Matrix.identity(n)
            for j in 0..<n {
                for i in 0..<n { jacobian[i, j] -= activations[i].derivative(current.z[i]) * a[i, j] }
            }
            guard let lu = try? LUFactorization(jacobian), !lu.isSingular,
                  let step = try? lu.solve(Matrix(column: current.f.map { -$0 })) else {
                throw EvaluationError.singularSystem(blocks: blockNames, sample: sample)
            }
            var t = 1.0, accepted = false
            while t >= 1e-10 {
                let trial = (0..<n).map { x[$0] + t * step[$0, 0] }
                let next = residual(trial)
                if next.norm < (1 - 1e-4 * t) * current.norm || next.norm <= options.tolerance * scale {
                    x = trial; current = next; accepted = true; break
                }
                t /= 2
            }
            if !accepted { break }
        }
        let scale = max(1, x.map(abs).max() ?? 0)
        if current.norm <= options.residualTolerance * scale { return x }
        throw EvaluationError.notConverged(blocks: blockNames, sample: sample, method: "Newton", residual: current.norm)
    }

    /// Checks max |x − φ(Ax + c)| ≤ residualTolerance · max(1, max |x|) for every sample.
    private func verify(_ x: Matrix, _ c: Matrix) throws {
        var z = c
        z.addProduct(a, x)
        applyActivations(&z)
        let n = x.rows
        for j in 0..<x.cols {
            var worst = 0.0, scale = 1.0
            for i in 0..<n {
                let v = x[i, j]
                worst = max(worst, abs(v - z[i, j]))
                scale = max(scale, abs(v))
            }
            if !(worst <= options.residualTolerance * scale) {
                throw EvaluationError.notConverged(blocks: blockNames, sample: j, method: "verification", residual: worst)
            }
        }
    }
}
