import Linalg

/// Anderson acceleration (type II) of the Picard iteration g(x) = φ(A x + c), per sample over
/// the batch, safeguarded so that it never does worse than Picard on a contraction.
///
/// Sample j keeps its last h ≤ `SolverOptions.andersonDepth` secant pairs
/// ΔF = [f_{k−h+1} − f_{k−h}, …], ΔG = [g_{k−h+1} − g_{k−h}, …] of residuals f = g(x) − x and
/// images g(x). A sweep mixes them with per-sample coefficients
///
///     γ_j = argmin_γ ‖f_j − ΔF_j γ‖₂,   x̃_j = g_j − ΔG_j γ_j     (`SecantPanels`, LAPACK),
///
/// then evaluates g(x̃) for the whole batch in one gemm. Safeguard: a sample keeps x̃_j only if
/// ‖f(x̃_j)‖ ≤ κ · ‖f(x_j)‖ in a norm with a proven contraction factor κ (`safeguard`), which is what a
/// Picard step x_j → g(x_j) is guaranteed to achieve; otherwise its step is replaced by that
/// Picard step (one more gemm over the rejected samples only) and its history restarts. Every
/// accepted iterate therefore has a residual at most κᵏ times the first, Picard's own bound.
///
/// The stopping rule is Picard's: the returned state is g(x̃) with
/// max |g(x̃) − x̃| ≤ tolerance · (1 − κ) · max(1, max |x|), so ‖g(x̃) − x*‖ ≤ κ/(1 − κ)·‖f(x̃)‖
/// as for a Picard iterate, and the last sweep's proof of the residuals (`provesResiduals`)
/// and the verification apply unchanged.
extension ComponentSolver {
    /// λ of the ridge in the mixing coefficients' normal equations, relative to the mean squared
    /// norm of the history's columns: a few hundred ulps, enough to keep the Cholesky factor of
    /// nearly dependent secants positive definite, far too small to change a well-conditioned γ.
    public static let andersonRidge = 1e-13

    /// The norm and factor of the safeguard: the Euclidean norm when √(‖M‖₁‖M‖∞) ≥ ‖M‖₂ proves a
    /// contraction in it (Anderson's coefficients minimise a 2-norm, and on the models we measured
    /// an ∞-norm test rejected about one mixed step in three that the 2-norm test accepts, each
    /// costing a gemm column), otherwise the norm of the proven bound.
    var safeguard: (factor: Double, measure: (UnsafeBufferPointer<Double>) -> Double) {
        if contraction.euclideanBound <= 1 - contraction.margin {
            return (contraction.euclideanBound, { r in
                var sum = 0.0
                for v in r { sum += v * v }
                return sum.isFinite ? sum.squareRoot() : .infinity
            })
        }
        let bound = contraction
        return (bound.factor, { bound.measure($0) })
    }

    func anderson(_ c: Matrix, from start: Matrix, uniform: Bool,
                  report: inout EvaluationReport.Component) throws -> (x: Matrix, verified: Bool) {
        let n = c.rows, m = c.cols, depth = options.andersonDepth
        let stopFactor = options.tolerance * (1 - contraction.factor)
        let guard_ = safeguard
        var x = start
        var g = Matrix(rows: n, cols: m)
        var columnStep = [Double](repeating: 0, count: m)
        var (step, scale, finite) = sweep(x, c, into: &g, uniform: uniform, columnStep: &columnStep)
        report.float64Sweeps += 1
        if finite, step <= stopFactor * scale { return (g, provesResiduals(g, c, columnStep: columnStep)) }
        var f = g - x
        var residual = (0..<m).map { j in f.withColumn(j) { guard_.measure($0) } }
        var secantF = SecantPanels(rows: n, depth: depth, samples: m)
        var secantG = SecantPanels(rows: n, depth: depth, samples: m)
        // Pairs in use per sample; they fill slots 0..<count, then the ring wraps at `next`.
        var count = [Int](repeating: 0, count: m), next = [Int](repeating: 0, count: m)
        var gTrial = Matrix(rows: n, cols: m)
        while report.float64Sweeps < options.maxPicardIterations {
            var trial = g
            var mixed = [Bool](repeating: false, count: m)
            for j in 0..<m where count[j] > 0 {
                let gamma = f.withColumn(j) { secantF.leastSquares(sample: j, count: count[j], rhs: $0, ridge: Self.andersonRidge) }
                guard let gamma else { continue }
                trial.withMutableColumn(j) { secantG.subtractCombination(sample: j, coefficients: gamma, from: $0) }
                mixed[j] = true
            }
            (step, scale, finite) = sweep(trial, c, into: &gTrial, uniform: uniform, columnStep: &columnStep)
            report.float64Sweeps += 1
            var fTrial = gTrial - trial
            var trialResidual = (0..<m).map { j in fTrial.withColumn(j) { guard_.measure($0) } }

            let rejected = (0..<m).filter { j in
                guard mixed[j] else { return false }
                let converged = trialResidual[j].isFinite && columnStep[j] <= stopFactor * scale
                return !(trialResidual[j] <= guard_.factor * residual[j] || converged)
            }
            if !rejected.isEmpty {
                let picardX = g.gatheringColumns(rejected)
                var picardG = Matrix(rows: n, cols: rejected.count)
                var picardStep = [Double](repeating: 0, count: rejected.count)
                _ = sweep(picardX, c.gatheringColumns(rejected), into: &picardG, uniform: uniform, columnStep: &picardStep)
                trial.scatterColumns(rejected, from: picardX)
                gTrial.scatterColumns(rejected, from: picardG)
                fTrial.scatterColumns(rejected, from: picardG - picardX)
                for (k, j) in rejected.enumerated() {
                    columnStep[j] = picardStep[k]
                    trialResidual[j] = fTrial.withColumn(j) { guard_.measure($0) }
                    count[j] = 0
                    next[j] = 0
                }
                report.rejectedSteps += rejected.count
                step = columnStep.max() ?? 0
                scale = Swift.max(1, gTrial.maxAbs)
                finite = gTrial.isFinite
            }
            if finite, step <= stopFactor * scale {
                return (gTrial, provesResiduals(gTrial, c, columnStep: columnStep))
            }

            for j in 0..<m {
                record(fTrial, minus: f, column: j, into: &secantF, slot: next[j])
                record(gTrial, minus: g, column: j, into: &secantG, slot: next[j])
                count[j] = Swift.min(count[j] + 1, depth)
                next[j] = (next[j] + 1) % depth
            }
            x = trial
            swap(&g, &gTrial)
            f = fTrial
            residual = trialResidual
        }
        throw EvaluationError.notConverged(blocks: blockNames, sample: nil, method: "Anderson", residual: step)
    }

    /// Column j of `new − old` into sample j's panel at `slot`.
    private func record(_ new: Matrix, minus old: Matrix, column j: Int, into panels: inout SecantPanels, slot: Int) {
        new.withColumn(j) { a in
            old.withColumn(j) { b in
                panels.withColumn(slot, ofSample: j) { d in
                    for i in d.indices { d[i] = a[i] - b[i] }
                }
            }
        }
    }
}
