import Linalg

/// Solves x = Φ(A x + c) for one cyclic component in which some block applies a block map
/// (softmax, layer normalisation), for a batch of right-hand sides c.
///
/// - Picard iteration over the batch, one gemm per sweep, when the block-map contraction bound
///   (`PicardContraction(a:maps:sizes:)`) proves κ < 1: it stops when the step is below
///   tolerance · (1 − κ) · max(1, max |x|), so the error to the fixed point is below
///   tolerance · max(1, max |x|).
/// - Otherwise, per sample, damped Newton on F(x) = x − Φ(Ax + c) with the Jacobian
///   I − Φ'(z) A, Φ'(z) block diagonal (`StateMap.jacobian(at:)`).
/// Every result is verified against `SolverOptions.residualTolerance`, so a component that is not
/// well-posed (or on which Newton stalls) fails rather than returning a wrong state.
public struct BlockMapComponentSolver: Sendable {
    public let a: Matrix
    public let maps: [StateMap]
    public let sizes: [Int]
    public let options: SolverOptions
    public let contraction: PicardContraction
    let blockNames: [String]

    public init(a: Matrix, maps: [StateMap], sizes: [Int], options: SolverOptions, blockNames: [String] = []) {
        // Column-major once, as `ComponentSolver` holds it: Newton's residuals apply A with gemv
        // per sample, and `Matrix.apply` would otherwise copy a row-major A at every call.
        self.a = a.inLayout(.columnMajor)
        self.maps = maps
        self.sizes = sizes
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
            var solved = Matrix(rows: c.rows, cols: c.cols)
            for j in 0..<c.cols { solved.setBlock(Matrix(column: try newton(c.column(j), sample: j)), atRow: 0, col: j) }
            x = solved
        }
        try verify(x, c)
        return (x, report)
    }

    /// z ← Φ(z) over a column-per-sample matrix, block by block.
    func applyMaps(_ z: Matrix) -> Matrix {
        var parts: [Matrix] = []
        var row = 0
        for (map, size) in zip(maps, sizes) {
            var part = z.rows(row..<(row + size))
            map.apply(toColumnsOf: &part)
            parts.append(part)
            row += size
        }
        return Matrix.verticallyStacked(parts, cols: z.cols)
    }

    /// Φ(Ax + c).
    func image(_ x: Matrix, _ c: Matrix) -> Matrix {
        var z = c
        z.addProduct(a, x)
        return applyMaps(z)
    }

    private func picard(_ c: Matrix, report: inout EvaluationReport.Component) throws -> Matrix {
        var x = applyMaps(c)
        let stopFactor = options.tolerance * (1 - contraction.factor)
        var step = Double.infinity
        for _ in 0..<options.maxPicardIterations {
            let next = image(x, c)
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
            x = next
            guard next.isFinite else { break }
            if step <= stopFactor * scale { return x }
        }
        throw EvaluationError.notConverged(blocks: blockNames, sample: nil, method: "Picard", residual: step)
    }

    private func newton(_ c: [Double], sample: Int) throws -> [Double] {
        let n = c.count
        let column = Matrix(column: c)
        func residual(_ x: [Double]) -> (f: [Double], z: [Double], norm: Double) {
            var z = a.apply(to: x)
            for i in 0..<n { z[i] += c[i] }
            let phi = applyMaps(Matrix(column: z)).columnMajorElements
            var f = [Double](repeating: 0, count: n), norm = 0.0
            for i in 0..<n { f[i] = x[i] - phi[i]; norm = Swift.max(norm, Swift.abs(f[i])) }
            return (f, z, norm.isNaN ? .infinity : norm)
        }
        var x = applyMaps(column).columnMajorElements
        var current = residual(x)
        for _ in 0..<options.maxNewtonIterations {
            let scale = Swift.max(1, x.map(Swift.abs).max() ?? 0)
            if current.norm <= options.tolerance * scale { return x }
            // J = I − Φ'(z) A, Φ'(z) block diagonal.
            var derivative = Matrix(rows: n, cols: n)
            var start = 0
            for (map, size) in zip(maps, sizes) {
                let block = map.jacobian(at: Array(current.z[start..<(start + size)]))
                derivative.setBlock(Matrix(rows: size, cols: size, rowMajor: block), atRow: start, col: start)
                start += size
            }
            var jacobian = Matrix.identity(n)
            jacobian.addProduct(derivative, a, alpha: -1)
            guard let lu = try? LUFactorization(jacobian), !lu.isSingular,
                  let step = try? lu.solve(Matrix(column: current.f.map { -$0 })) else {
                throw EvaluationError.singularSystem(blocks: blockNames, sample: sample)
            }
            var t = 1.0, accepted = false
            while t >= Self.smallestNewtonStep {
                let trial = (0..<n).map { x[$0] + t * step[$0, 0] }
                let next = residual(trial)
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

    /// Newton's line search halves the step down to this before giving up (the elementwise
    /// solver's choice: 34 halvings).
    static let smallestNewtonStep = 1e-10
    /// Armijo's sufficient decrease of the residual's max-norm per unit step.
    static let sufficientDecrease = 1e-4

    /// Checks max |x − Φ(Ax + c)| ≤ residualTolerance · max(1, max |x|) for every sample.
    private func verify(_ x: Matrix, _ c: Matrix) throws {
        let phi = image(x, c)
        for j in 0..<x.cols {
            let xj = x.column(j), pj = phi.column(j)
            var worst = 0.0, scale = 1.0
            for i in xj.indices {
                worst = Swift.max(worst, Swift.abs(xj[i] - pj[i]))
                scale = Swift.max(scale, Swift.abs(xj[i]))
            }
            if !(worst <= options.residualTolerance * scale) || !xj.allSatisfy(\.isFinite) {
                throw EvaluationError.notConverged(blocks: blockNames, sample: j, method: "verification", residual: worst)
            }
        }
    }
}
