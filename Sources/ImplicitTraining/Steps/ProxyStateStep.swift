import Foundation
import Linalg

extension RelaxedProblem {
    /// Majorize–minimize rounds for the ReLU P-step with cross-entropy, each an exact box QP.
    static let maxMajorizationRounds = 200
    /// The rounds stop when no proxy moves by more than this (relative to max(1, |p|)).
    static let majorizationTolerance = 1e-11

    /// The P-step (15): per sample j,
    ///
    ///     min over p of ℓ(yⱼ, C p + D uⱼ + c) + Σᵢ λᵢ (Φ*(pᵢ) − pᵢ zᵢⱼ) + (μ/2) ‖p − xⱼ‖²,
    ///
    /// z = AX + BU + b. ReLU with the squared loss: the closed form of §4.2 with the sign
    /// constraint p ≥ 0 that Φ* carries, a box QP with H = CᵀC + diag(λ + μ) solved exactly
    /// (`NonnegativeQuadraticProgram`). ReLU with cross-entropy: majorize–minimize, the softmax
    /// loss bounded by its curvature ½, each round the same box QP. tanh: damped Newton inside
    /// (−1, 1), as §7.1.
    func proxyStateStep(_ w: TrainingParameters, states x: Matrix, proxies p: inout Matrix) throws {
        let z = preactivations(w, states: x)
        let offset = inputTerm(w.d, w.biasY)
        let n = p.rows, current = p
        let columns: [[Double]]
        if activation == .relu {
            let curvature = options.loss == .squared ? 1.0 : options.loss.curvatureBound
            var h = Matrix.product(w.c, w.c, transposeA: .transposed)
            h.scale(by: curvature)
            let gram = h
            for i in 0..<n { h[i, i] += dualWeights[i] + options.mu }
            let qp = NonnegativeQuadraticProgram(h: h)
            columns = ParallelPartition.map(m) { j in
                let base = (0..<n).map { dualWeights[$0] * z[$0, j] + options.mu * x[$0, j] }
                if options.loss == .squared {
                    var residual = data.targets.column(j)
                    for i in residual.indices { residual[i] -= offset[i, j] }
                    let pulled = w.c.apply(to: residual, transpose: .transposed)
                    return qp.solve(zip(base, pulled).map { $0 + $1 })
                }
                return proxyByMajorization(w, column: j, qp: qp, gram: gram, base: base, offset: offset.column(j), start: current.column(j))
            }
        } else {
            columns = ParallelPartition.map(m) { j in
                proxyByNewton(w, column: j, z: z.column(j), x: x.column(j), offset: offset.column(j), start: current.column(j))
            }
        }
        p = Matrix(rows: n, cols: m, columnMajor: columns.flatMap { $0 })
    }

    /// ReLU, cross-entropy: ℓ(Cp + r) ≤ ℓ(Cp₀ + r) + ∇ℓᵀC(p − p₀) + (¼)‖C(p − p₀)‖², so each
    /// round minimizes a box QP with the same H and never increases the per-sample objective.
    private func proxyByMajorization(_ w: TrainingParameters, column j: Int, qp: NonnegativeQuadraticProgram,
                                     gram: Matrix, base: [Double], offset: [Double], start: [Double]) -> [Double] {
        let q = w.c.rows
        var current = start.map { Swift.max(0, $0) }
        let target = data.targets.column(j)
        for _ in 0..<Self.maxMajorizationRounds {
            var yHat = w.c.apply(to: current)
            for i in 0..<q { yHat[i] += offset[i] }
            var g = [Double](repeating: 0, count: q)
            yHat.withUnsafeBufferPointer { ph in
                target.withUnsafeBufferPointer { pt in
                    g.withUnsafeMutableBufferPointer { pg in options.loss.gradient(ph, pt, into: pg) }
                }
            }
            let pulled = w.c.apply(to: g, transpose: .transposed)
            let curved = gram.apply(to: current)
            let rhs = (0..<current.count).map { base[$0] + curved[$0] - pulled[$0] }
            let next = qp.solve(rhs)
            let change = zip(next, current).reduce(0) { Swift.max($0, Swift.abs($1.0 - $1.1)) }
            current = next
            if change <= Self.majorizationTolerance * Swift.max(1, current.max() ?? 0) { break }
        }
        return current
    }

    /// tanh: Newton on the per-sample objective, every iterate strictly inside (−1, 1).
    private func proxyByNewton(_ w: TrainingParameters, column j: Int, z: [Double], x: [Double],
                               offset: [Double], start: [Double]) -> [Double] {
        let n = start.count, q = w.c.rows, mu = options.mu, loss = options.loss
        let target = data.targets.column(j)
        let bound = 1 - RelaxedActivation.tanhBoundaryMargin
        func outputs(_ p: [Double]) -> [Double] {
            var yHat = w.c.apply(to: p)
            for i in 0..<q { yHat[i] += offset[i] }
            return yHat
        }
        return DampedNewton().minimize(
            from: start.map(activation.clampedIntoDomain), bound: bound,
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
