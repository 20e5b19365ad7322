import Linalg

/// Picard iteration x ← φ(A x + c) over the whole batch, one gemm per sweep.
///
/// Large components first sweep in float32 (`sgemm`, about twice `dgemm`) until the step is
/// down to `float32PhaseStep` of the states' scale, where float32 rounding rather than
/// contraction sets the step; the float64 sweeps then continue from there with the stopping
/// rule of `SolverOptions.tolerance`. The float64 phase is Picard iteration from a better start,
/// so the answer and its guarantee are those of float64 Picard: only sweeps are saved. Where
/// those sweeps show a fast contraction (`andersonMinimumRate`), float32 increment sweeps
/// (`ComponentSolver+Float32Increments`) carry it on to the stopping tolerance's neighbourhood.
///
/// The last sweep also proves the answer without the separate verification gemm: when
/// κ∞ = Lip(φ) · ‖A‖∞ < 1, the returned x_{k+1} = φ(A x_k + c) has residual
/// ‖x_{k+1} − φ(A x_{k+1} + c)‖∞ ≤ κ∞ · ‖x_{k+1} − x_k‖∞, plus the rounding of one gemm
/// (`gemmRoundingBound`); a sample for which that bound is not below the residual tolerance, or
/// any non-finite state, sends the batch through `verify` as before.
extension ComponentSolver {
    /// Components smaller than this skip the float32 phase (the conversions would cost more than
    /// the sweeps save).
    public static let float32PhaseMinimumSize = 128
    /// The float32 phase ends when max |x_{k+1} − x_k| ≤ this · max(1, max |x|): about 200 ulps of
    /// float32, the level its rounding noise reaches in sums of a few thousand terms.
    public static let float32PhaseStep = 1e-5
    /// Cap on float32 sweeps; slower contraction is left to the float64 phase.
    public static let float32PhaseMaxSweeps = 60
    /// With Anderson mixing on, the float32 phase also ends when a sweep shrinks the step by less
    /// than this factor: at Picard's rate ρ a float32 sweep (half a float64 one) gains log(1/ρ),
    /// which above ρ = 0.5 is less than what an Anderson sweep gains on the models we measured
    /// (docs/benchmarks.md).
    public static let float32PhaseSlowRate = 0.5
    /// A component whose float32 sweeps shrank the step by this factor or more per sweep goes on
    /// as Picard iteration (its float32 increments, then float64 sweeps), even with Anderson
    /// mixing on. At such a rate Picard gains a digit or more per gemm, and Anderson's mixing
    /// cannot do much better: on a Gaussian A (eigenvalues of DA filling a disc, where no
    /// polynomial acceleration beats Picard) it took the same 5 float64 sweeps to 1e-12, while
    /// its per-sample least squares and its two histories of depth × n × m doubles (80 MB at
    /// n = 1000, 1024 samples) took about a quarter of the command's CPU time (docs/benchmarks.md).
    public static let andersonMinimumRate = 0.1

    /// - Returns: the states and whether the last sweep already proves every sample's residual.
    func picard(_ c: Matrix, report: inout EvaluationReport.Component) throws -> (x: Matrix, verified: Bool) {
        let n = c.rows, m = c.cols
        let uniform = activations.allSatisfy { $0 == activations.first }
        var x: Matrix
        var observedRate = Double.infinity
        var a32: Float32Matrix?
        if n >= Self.float32PhaseMinimumSize, uniform, let phi = activations.first, phi.isPiecewiseLinear,
           let start = float32Sweeps(c, phi, sweeps: &report.float32Sweeps) {
            (x, observedRate, a32) = (start.x, start.rate, start.a32)
        } else {
            x = c
            equation.map.apply(to: &x)
        }
        let fast = observedRate <= Self.andersonMinimumRate
        if options.andersonDepth > 0, !fast {
            report.method = .anderson
            return try anderson(c, from: x, uniform: uniform, report: &report)
        }
        report.method = .picard
        if fast, let a32 {
            x = float32Increments(c, from: x, a32: a32, rate: observedRate, uniform: uniform, report: &report)
        }
        let stopFactor = options.tolerance * (1 - contractionFactor)
        var next = Matrix(rows: n, cols: m)
        var columnStep = [Double](repeating: 0, count: m)
        var step = Double.infinity
        for _ in 0..<options.maxPicardIterations {
            let (sweepStep, scale, finite) = sweep(x, c, into: &next, uniform: uniform, columnStep: &columnStep)
            report.float64Sweeps += 1
            swap(&x, &next)
            step = sweepStep
            if finite, step <= stopFactor * scale {
                return (x, provesResiduals(x, c, columnStep: columnStep))
            }
        }
        throw EvaluationError.notConverged(blocks: blockNames, sample: nil, method: "Picard", residual: step)
    }

    /// next ← φ(A x + c) over the batch (one gemm), with `finishSweep`'s step, scale and finiteness.
    func sweep(_ x: Matrix, _ c: Matrix, into next: inout Matrix, uniform: Bool,
               columnStep: inout [Double]) -> (step: Double, scale: Double, finite: Bool) {
        next.withMutableColumnMajorElements { dst in
            c.withColumnMajorElements { dst.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
        }
        next.addProduct(a, x)
        return finishSweep(&next, previous: x, uniform: uniform, columnStep: &columnStep)
    }

    /// next ← φ(next) in place, with the step from `previous` per sample and overall, the scale
    /// max(1, max |x|), and whether every state is finite; one pass.
    func finishSweep(_ next: inout Matrix, previous: Matrix, uniform: Bool,
                             columnStep: inout [Double]) -> (step: Double, scale: Double, finite: Bool) {
        let n = next.rows, m = next.cols
        var step = 0.0, scale = 1.0, finite = true
        let phi = activations.first ?? .identity
        next.withMutableColumnMajorElements { z in
            previous.withColumnMajorElements { x in
                for j in 0..<m {
                    var columnMax = 0.0, columnScale = 0.0, columnSum = 0.0
                    let base = j * n
                    if uniform, phi == .relu {
                        for i in base..<(base + n) {
                            let v = Swift.max(z[i], 0)  // keeps NaN, as Activation.apply does
                            z[i] = v
                            columnMax = Swift.max(columnMax, Swift.abs(v - x[i]))
                            columnScale = Swift.max(columnScale, Swift.abs(v))
                            columnSum += v
                        }
                    } else {
                        for i in 0..<n {
                            let v = activations[i](z[base + i])
                            z[base + i] = v
                            columnMax = Swift.max(columnMax, Swift.abs(v - x[base + i]))
                            columnScale = Swift.max(columnScale, Swift.abs(v))
                            columnSum += v
                        }
                    }
                    // max() drops NaN; the plain sum keeps it (an overflowing sum only costs a verify).
                    if !(columnMax + columnScale + columnSum).isFinite { finite = false }
                    columnStep[j] = columnMax
                    step = Swift.max(step, columnMax)
                    scale = Swift.max(scale, columnScale)
                }
            }
        }
        return (step, scale, finite)
    }

    /// True when every sample's residual is proven below `residualTolerance · max(1, max |x_j|)`
    /// from its last step (see the type's comment); false sends the batch to `verify`.
    func provesResiduals(_ x: Matrix, _ c: Matrix, columnStep: [Double]) -> Bool {
        let lipschitz = activations.map(\.lipschitzConstant).max() ?? 0
        let normInf = a.normInf
        let kappaInf = lipschitz * normInf
        guard kappaInf < 1 else { return false }
        let n = x.rows
        let gamma = Self.gemmRoundingBound(terms: n + 1)
        for j in 0..<x.cols {
            var xMax = 0.0, cMax = 0.0
            for i in 0..<n {
                xMax = Swift.max(xMax, Swift.abs(x[i, j]))
                cMax = Swift.max(cMax, Swift.abs(c[i, j]))
            }
            // The residual's float64 evaluation would add up to this much rounding, twice over
            // (the sweep that made x and the check it replaces).
            let rounding = 2 * lipschitz * gamma * (normInf * xMax + cMax)
            guard kappaInf * columnStep[j] + rounding <= options.residualTolerance * Swift.max(1, xMax) else { return false }
        }
        return true
    }

    /// γ_k = k·u / (1 − k·u), u = 2⁻⁵³: the relative error bound of a k-term float64 dot product
    /// (Higham, Accuracy and Stability of Numerical Algorithms, §3.1), which bounds each entry
    /// of a gemm by γ_k · (|A| |x|).
    static func gemmRoundingBound(terms k: Int) -> Double {
        let ku = Double(k) * Double.ulpOfOne / 2
        return ku / (1 - ku)
    }

    /// float32 Picard sweeps from φ(c) until rounding noise; nil when a state turns non-finite
    /// (the float64 phase then starts from φ(c) itself).
    /// - Returns: the states, the last factor by which a sweep shrank the step (infinity after a
    ///   single sweep: the contraction rate the float64 phase can expect) and A in float32.
    private func float32Sweeps(_ c: Matrix, _ phi: Activation, sweeps: inout Int) -> (x: Matrix, rate: Double, a32: Float32Matrix)? {
        let n = c.rows, m = c.cols
        let a32 = Float32Matrix(a)
        let c32 = Float32Matrix(c.inLayout(.columnMajor)).columnMajorElements
        var x = c32
        var next = [Float](repeating: 0, count: n * m)
        x.withUnsafeMutableBufferPointer { phi.apply(toFloat32: $0) }
        var previousStep = Float.infinity
        var rate = Double.infinity
        for _ in 0..<Self.float32PhaseMaxSweeps {
            var step: Float = 0, scale: Float = 1, sum: Float = 0, finite = true
            next.withUnsafeMutableBufferPointer { z in
                c32.withUnsafeBufferPointer { z.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
                x.withUnsafeBufferPointer { px in
                    a32.multiply(px.baseAddress!, columns: m, beta: 1, into: z.baseAddress!)
                    phi.apply(toFloat32: z)
                    for i in 0..<(n * m) {
                        step = Swift.max(step, Swift.abs(z[i] - px[i]))
                        scale = Swift.max(scale, Swift.abs(z[i]))
                        sum += z[i]
                    }
                    finite = (step + scale + sum).isFinite
                }
            }
            sweeps += 1
            guard finite else { return nil }
            swap(&x, &next)
            // A sweep that did not shrink the step met rounding noise, not the contraction.
            if step < previousStep, previousStep.isFinite { rate = Double(step) / Double(previousStep) }
            if Double(step) <= Self.float32PhaseStep * Double(scale) || step >= previousStep { break }
            // Slow contraction: Anderson's float64 sweeps gain more per gemm than float32 Picard.
            if options.andersonDepth > 0, sweeps >= 2, Double(step) > Self.float32PhaseSlowRate * Double(previousStep) { break }
            previousStep = step
        }
        return (Matrix(rows: n, cols: m, columnMajor: x.map { Double($0) }), rate, a32)
    }
}
