import Linalg

/// Picard sweeps whose gemm runs in float32 on the increment, while the pre-activation stays
/// float64: between the float32 phase and the float64 sweeps that end the solve.
///
/// One float64 gemm sets z = A x + c exactly; each following sweep takes x' = φ(z) and updates
///
///     z ← z + A (x' − x),    the product in float32 (`sgemm`, about half a `dgemm`).
///
/// Its rounding is relative to the increment, u₃₂ · ‖A‖ · ‖x' − x‖ per sweep (u₃₂ = 2⁻²⁴, times
/// the γₙ of the sum at worst), so it shrinks with the steps instead of stalling at float32's
/// level of the states as the float32 phase does. The sweeps stop when the next step is
/// predicted below the stopping tolerance (or stops shrinking), and float64 Picard sweeps continue
/// from the last iterate. Nothing of the guarantee rests on these sweeps: any x has
/// ‖g(x) − x*‖ ≤ κ/(1 − κ) · ‖g(x) − x‖ for g(x) = φ(A x + c) and the proven factor κ, so the
/// float64 sweep that passes the stopping rule of `SolverOptions.tolerance` proves its answer
/// whichever way x was reached; these sweeps only make it the first or second float64 sweep
/// instead of the fifth (Gaussian A, docs/benchmarks.md).
extension ComponentSolver {
    /// Cap on increment sweeps; slower contraction is left to the float64 sweeps.
    public static let float32IncrementMaxSweeps = 30

    /// - Parameters:
    ///   - start: the float32 phase's last iterate.
    ///   - a32: A rounded to float32.
    ///   - rate: the contraction rate the float32 phase observed (< `andersonMinimumRate`).
    /// - Returns: the iterate from which the float64 sweeps continue.
    func float32Increments(_ c: Matrix, from start: Matrix, a32: Float32Matrix, rate: Double, uniform: Bool,
                           report: inout EvaluationReport.Component) -> Matrix {
        let n = c.rows, m = c.cols
        let stopFactor = options.tolerance * (1 - contractionFactor)
        var z = c
        z.addProduct(a, start)
        report.float64Sweeps += 1
        var x = start, next = z
        var columnStep = [Double](repeating: 0, count: m)
        var (step, scale, finite) = finishSweep(&next, previous: x, uniform: uniform, columnStep: &columnStep)
        guard finite else { return x }
        var increment = [Float](repeating: 0, count: n * m), product = [Float](repeating: 0, count: n * m)
        for _ in 0..<Self.float32IncrementMaxSweeps {
            // The float64 sweep from `next` would pass the stopping rule: leave the rest to it.
            if step * rate <= stopFactor * scale { break }
            next.withColumnMajorElements { xNew in
                x.withColumnMajorElements { xOld in
                    for i in 0..<(n * m) { increment[i] = Float(xNew[i] - xOld[i]) }
                }
            }
            increment.withUnsafeBufferPointer { pd in
                product.withUnsafeMutableBufferPointer { pw in
                    a32.multiply(pd.baseAddress!, columns: m, beta: 0, into: pw.baseAddress!)
                }
            }
            z.withMutableColumnMajorElements { pz in
                for i in 0..<(n * m) { pz[i] += Double(product[i]) }
            }
            report.float32Sweeps += 1
            swap(&x, &next)
            next = z
            let previousStep = step
            (step, scale, finite) = finishSweep(&next, previous: x, uniform: uniform, columnStep: &columnStep)
            guard finite else { return x }
            if step >= previousStep { break }
        }
        return next
    }
}
