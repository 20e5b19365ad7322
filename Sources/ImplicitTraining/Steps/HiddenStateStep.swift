import Linalg

/// How the X-step (14) was solved.
public enum HiddenStateMethod: String, Sendable, Codable {
    /// The fixed point X = P − (1/μ) Aᵀ Λ (φ(AX + BU + b) − P) of §4.2, a contraction when
    /// ρ = max λᵢ ‖A‖₂² / μ < 1.
    case fixedPoint = "fixed-point"
    /// Newton per sample with backtracking (any μ).
    case newton
}

extension RelaxedProblem {
    /// The fixed-point iteration is used when its contraction factor is at most this: it then
    /// gains at least a binary digit per sweep; slower contractions go to Newton.
    ///
    /// The paper states the condition as "μ < λκ²"; the map's Lipschitz constant is λ‖A‖²/μ,
    /// so the iteration contracts when μ > λ‖A‖², the inequality reversed.
    static let fixedPointContractionLimit = 0.5
    /// Fixed-point sweeps stop when max |ΔX| ≤ this · (1 − ρ) · max(1, max |X|).
    static let fixedPointTolerance = 1e-12
    static let maxFixedPointSweeps = 10_000

    /// The contraction factor of the X-step's fixed-point map, max λᵢ ‖A‖₂² / μ.
    func hiddenStateContraction(_ w: TrainingParameters) throws -> Double {
        let norm = try w.a.norm2()
        return (dualWeights.max() ?? 0) * norm * norm / options.mu
    }

    /// The X-step (14): min over X of (1/m) [Σᵢ λᵢ Σⱼ (Φ(Zᵢⱼ) − Pᵢⱼ Zᵢⱼ) + (μ/2) ‖X − P‖²],
    /// Z = AX + BU + b. Strictly convex (μ > 0), one independent problem per sample.
    @discardableResult
    func hiddenStateStep(_ w: TrainingParameters, states x: inout Matrix, proxies p: Matrix) throws -> HiddenStateMethod {
        let rho = try hiddenStateContraction(w)
        if rho <= Self.fixedPointContractionLimit {
            x = hiddenStatesByFixedPoint(w, start: x, proxies: p, contraction: rho)
            return .fixedPoint
        }
        x = hiddenStatesByNewton(w, start: x, proxies: p)
        return .newton
    }

    func hiddenStatesByFixedPoint(_ w: TrainingParameters, start: Matrix, proxies p: Matrix, contraction rho: Double) -> Matrix {
        var x = start
        let n = x.rows
        let offset = inputTerm(w.b, w.biasX)
        for _ in 0..<Self.maxFixedPointSweeps {
            var r = offset
            r.addProduct(w.a, x)
            for j in 0..<m { for i in 0..<n { r[i, j] = dualWeights[i] * (activation.value(r[i, j]) - p[i, j]) } }
            var next = p
            next.addProduct(w.a, r, transposeA: .transposed, alpha: -1 / options.mu)
            let change = (next - x).maxAbs
            x = next
            if change <= Self.fixedPointTolerance * (1 - Swift.min(rho, 0.999)) * Swift.max(1, x.maxAbs) { break }
        }
        return x
    }

    func hiddenStatesByNewton(_ w: TrainingParameters, start: Matrix, proxies p: Matrix) -> Matrix {
        let n = start.rows, a = w.a, mu = options.mu
        let offset = inputTerm(w.b, w.biasX)
        let newton = DampedNewton()
        let columns: [[Double]] = ParallelPartition.map(m) { j in
            let z0 = offset.column(j), target = p.column(j)
            func pre(_ x: [Double]) -> [Double] {
                var z = a.apply(to: x)
                for i in 0..<n { z[i] += z0[i] }
                return z
            }
            return newton.minimize(
                from: start.column(j),
                value: { x in
                    let z = pre(x)
                    var h = 0.0
                    for i in 0..<n {
                        h += dualWeights[i] * (activation.potential(z[i]) - target[i] * z[i])
                        h += 0.5 * mu * (x[i] - target[i]) * (x[i] - target[i])
                    }
                    return h
                },
                derivatives: { x in
                    let z = pre(x)
                    var r = [Double](repeating: 0, count: n)
                    var scaled = a
                    for i in 0..<n {
                        r[i] = dualWeights[i] * (activation.value(z[i]) - target[i])
                        let s = (dualWeights[i] * activation.slope(z[i])).squareRoot()
                        for c in 0..<n { scaled[i, c] *= s }
                    }
                    var g = a.apply(to: r, transpose: .transposed)
                    for i in 0..<n { g[i] += mu * (x[i] - target[i]) }
                    var hessian = Matrix.product(scaled, scaled, transposeA: .transposed)
                    for i in 0..<n { hessian[i, i] += mu }
                    return (g, hessian)
                })
        }
        return Matrix(rows: n, cols: m, columnMajor: columns.flatMap { $0 })
    }
}
