import Foundation
import Linalg

extension RelaxedProblem {
    /// The P-step (15): per sample j,
    ///
    ///     min over p of ℓ(yⱼ, C p + D uⱼ + c) + Σᵢ λᵢ (Φ*(pᵢ) − pᵢ zᵢⱼ) + (μ/2) ‖p − xⱼ‖²,
    ///
    /// z = AX + BU + b. ReLU with the squared loss: the closed form of §4.2 with the sign
    /// constraint p ≥ 0 that Φ* carries, a box QP with H = CᵀC + diag(λ + μ) solved exactly
    /// (`NonnegativeQuadraticProgram`). Otherwise projected Newton (`DampedNewton`) on the
    /// domain of Φ*: p ≥ 0 for ReLU with cross-entropy, |p| < 1 for tanh (as §7.1), with the
    /// exact softmax Hessian (a majorize–minimize scheme through the box QP needed up to 200
    /// QPs per sample; Newton takes a handful of steps).
    func proxyStateStep(_ w: TrainingParameters, states x: Matrix, proxies p: inout Matrix) throws {
        let z = preactivations(w, states: x)
        let offset = inputTerm(w.d, w.biasY)
        let n = p.rows, current = p
        let columns: [[Double]]
        if activation == .relu && options.loss == .squared {
            var h = Matrix.product(w.c, w.c, transposeA: .transposed)
            for i in 0..<n { h[i, i] += dualWeights[i] + options.mu }
            let qp = NonnegativeQuadraticProgram(h: h)
            columns = ParallelPartition.map(m) { j in
                let base = (0..<n).map { dualWeights[$0] * z[$0, j] + options.mu * x[$0, j] }
                var residual = data.targets.column(j)
                for i in residual.indices { residual[i] -= offset[i, j] }
                let pulled = w.c.apply(to: residual, transpose: .transposed)
                return qp.solve(zip(base, pulled).map { $0 + $1 })
            }
        } else {
            columns = ParallelPartition.map(m) { j in
                proxyByNewton(w, column: j, z: z.column(j), x: x.column(j), offset: offset.column(j), start: current.column(j))
            }
        }
        p = Matrix(rows: n, cols: m, columnMajor: columns.flatMap { $0 })
    }

    /// Projected Newton on the per-sample objective, every iterate in the domain of Φ* (p ≥ 0
    /// for ReLU, strictly inside (−1, 1) for tanh).
    private func proxyByNewton(_ w: TrainingParameters, column j: Int, z: [Double], x: [Double],
                               offset: [Double], start: [Double]) -> [Double] {
        let n = start.count, q = w.c.rows, mu = options.mu, loss = options.loss
        let target = data.targets.column(j)
        let bound = 1 - RelaxedActivation.tanhBoundaryMargin
        let lower = activation == .relu ? 0 : -bound, upper: Double? = activation == .relu ? nil : bound
        func outputs(_ p: [Double]) -> [Double] {
            var yHat = w.c.apply(to: p)
            for i in 0..<q { yHat[i] += offset[i] }
            return yHat
        }
        return DampedNewton().minimize(
            from: start.map(activation.clampedIntoDomain), lower: lower, upper: upper,
            value: { p in
                let yHat = outputs(p)
                var h = yHat.withUnsafeBufferPointer { ph in target.withUnsafeBufferPointer { loss.value(ph, $0) } }
                for i in 0..<n {
                    h += dualWeights[i] * (activation.conjugate(p[i]) - p[i] * z[i]) + 0.5 * mu * (p[i] - x[i]) * (p[i] - x[i])
                }
                return h
            },
            derivatives: { p in
                let yHat = outputs(p)
                var g = [Double](repeating: 0, count: q)
                yHat.withUnsafeBufferPointer { ph in
                    target.withUnsafeBufferPointer { pt in g.withUnsafeMutableBufferPointer { loss.gradient(ph, pt, into: $0) } }
                }
                var gradient = w.c.apply(to: g, transpose: .transposed)
                // ∇²ℓ: I for the squared loss, diag(s) − s sᵀ for the softmax (s = g + y).
                var curvature = Matrix.identity(q)
                if loss == .crossEntropy {
                    let s = zip(g, target).map { $0 + $1 }
                    for a in 0..<q { for b in 0..<q { curvature[a, b] = (a == b ? s[a] : 0) - s[a] * s[b] } }
                }
                var hessian = Matrix.product(w.c, Matrix.product(curvature, w.c), transposeA: .transposed)
                for i in 0..<n {
                    gradient[i] += dualWeights[i] * (activation.conjugateSlope(p[i]) - z[i]) + mu * (p[i] - x[i])
                    hessian[i, i] += dualWeights[i] * activation.conjugateCurvature(p[i]) + mu
                }
                return (gradient, hessian)
            })
    }
}
