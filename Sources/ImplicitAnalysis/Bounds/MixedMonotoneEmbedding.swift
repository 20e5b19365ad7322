import ImplicitModel

/// The mixed-monotone contractive embedding of one cyclic component x = φ(A x + c), c in a box
/// (Jafarpour, Abate, Davydov, Bullo, Coogan, *Robustness certificates for implicit neural
/// networks: a mixed monotone contractive approach*, L4DC 2022).
///
/// Split A = ⌈A⌉ + ⌊A⌋, ⌈A⌉ the diagonal and the nonnegative off-diagonal entries, ⌊A⌋ the
/// negative off-diagonal ones. The embedded map on (x̲, x̄) is
///   F̲(x̲, x̄) = φ(⌈A⌉ x̲ + ⌊A⌋ x̄ + c̲),   F̄(x̲, x̄) = φ(⌈A⌉ x̄ + ⌊A⌋ x̲ + c̄),
/// for φ monotone; when it is a contraction its fixed point [x̲*, x̄*] holds the state of every
/// c in [c̲, c̄] (the embedding of ẋ = −x + φ(Ax + c) is monotone, so its rectangle stays ordered
/// and contains every trajectory). Contraction: with slopes in [0, L_i] and weights η > 0,
///   μ = max_i max(0, L_i (a_ii + Σ_{j≠i} |a_ij| η_j / η_i)) < 1
/// (the weighted μ∞ of the embedded system; unweighted first, then η a Perron vector of the Metzler
/// matrix with entries L_i a_ii, L_i |a_ij|). The fixed point is reached by the averaged iteration
/// x ← (1 − α) x + α F(x), α = minᵢ 1 / (1 + L_i max(0, −a_ii)), a (1 − α(1 − μ))-contraction in
/// max_i |x_i| / η_i; the last iterate is widened by ‖x − F(x)‖_η / (1 − μ), the distance to the
/// fixed point, plus the rounding of F, so the enclosure holds even before convergence.
struct MixedMonotoneEmbedding {
    let metzler: Matrix
    let negative: Matrix
    let magnitude: Matrix
    let activations: [Activation]
    let weights: [Double]
    /// The contraction measure μ (< 1 when the embedding is usable).
    let contraction: Double
    let step: Double

    /// Iterations stop when the step is below this times max(1, largest bound): then the
    /// widening to the fixed point is of the same size, far below the bounds' widths.
    static let convergenceTolerance = 1e-13
    static let maxIterations = 100_000

    /// Why the embedding cannot be used on a component.
    enum Refusal: Error, Equatable {
        case nonMonotone(Activation)
        case notContractive(measure: Double)
    }

    init(a: Matrix, activations: [Activation]) throws(Refusal) {
        if let bad = activations.first(where: { !($0.isMonotone && $0.isContinuous) }) { throw .nonMonotone(bad) }
        let n = a.rows
        var up = Matrix(rows: n, cols: n), down = Matrix(rows: n, cols: n), metzlerMajorant = Matrix(rows: n, cols: n)
        var shortest = 1.0
        for j in 0..<n {
            for i in 0..<n {
                let w = a[i, j], lipschitz = activations[i].lipschitzConstant
                if i == j || w > 0 { up[i, j] = w } else { down[i, j] = w }
                metzlerMajorant[i, j] = lipschitz * (i == j ? w : Swift.abs(w))
            }
            shortest = Swift.min(shortest, 1 / (1 + activations[j].lipschitzConstant * Swift.max(0, -a[j, j])))
        }
        metzler = up
        negative = down
        magnitude = a.absoluteValues
        self.activations = activations
        step = shortest
        func measure(_ eta: [Double]) -> Double {
            let product = metzlerMajorant.apply(to: eta)
            return (0..<n).reduce(0) { Swift.max($0, Swift.max(0, product[$1] / eta[$1])) } * (1 + Double(2 * n + 4) * Double.ulpOfOne)
        }
        var eta = [Double](repeating: 1, count: n)
        var mu = measure(eta)
        if mu >= 1 {
            // Shift the Metzler matrix to a nonnegative one; its Perron vector minimises the weighted μ∞.
            let shift = (0..<n).reduce(0) { Swift.max($0, -metzlerMajorant[$1, $1]) }
            let perron = PerronVector(of: metzlerMajorant + shift * Matrix.identity(n))
            if perron.vector.allSatisfy({ $0 > 0 && $0.isFinite }) {
                let weighted = measure(perron.vector)
                if weighted < mu { eta = perron.vector; mu = weighted }
            }
        }
        guard mu < 1 else { throw .notContractive(measure: mu) }
        weights = eta
        contraction = mu
    }

    /// The enclosure [x̲*, x̄*] of the component's states for c in [lower, upper].
    /// - Returns: the state bounds and whether the iteration converged before its cap (it is
    ///   sound either way).
    func enclosure(lower cLower: [Double], upper cUpper: [Double]) -> (lower: [Double], upper: [Double], converged: Bool) {
        let n = activations.count
        var xl = [Double](repeating: 0, count: n), xu = xl
        var converged = false
        for _ in 0..<Self.maxIterations {
            let (fl, fu) = map(xl, xu, cLower, cUpper)
            var change = 0.0, scale = 1.0
            for i in 0..<n {
                let nl = (1 - step) * xl[i] + step * fl[i], nu = (1 - step) * xu[i] + step * fu[i]
                change = Swift.max(change, Swift.abs(nl - xl[i]) / weights[i], Swift.abs(nu - xu[i]) / weights[i])
                scale = Swift.max(scale, Swift.abs(nl), Swift.abs(nu))
                xl[i] = nl
                xu[i] = nu
            }
            if change <= Self.convergenceTolerance * scale { converged = true; break }
        }
        // Distance to the fixed point: ‖x − F(x)‖_η / (1 − μ), with F's rounding added.
        let (fl, fu) = map(xl, xu, cLower, cUpper)
        let rounding = mapRounding(xl, xu, cLower, cUpper)
        var residual = 0.0
        for i in 0..<n {
            residual = Swift.max(residual, (Swift.abs(xl[i] - fl[i]) + rounding[i]) / weights[i],
                                 (Swift.abs(xu[i] - fu[i]) + rounding[i]) / weights[i])
        }
        let distance = residual / (1 - contraction) * (1 + 4 * Double.ulpOfOne)
        let lower = (0..<n).map { xl[$0] - distance * weights[$0] - Double.leastNormalMagnitude }
        let upper = (0..<n).map { xu[$0] + distance * weights[$0] + Double.leastNormalMagnitude }
        return (lower, upper, converged)
    }

    /// (F̲, F̄) at (x̲, x̄).
    private func map(_ xl: [Double], _ xu: [Double], _ cl: [Double], _ cu: [Double]) -> ([Double], [Double]) {
        let a = metzler.apply(to: xl), b = negative.apply(to: xu), c = metzler.apply(to: xu), d = negative.apply(to: xl)
        let n = activations.count
        return ((0..<n).map { activations[$0](a[$0] + b[$0] + cl[$0]) }, (0..<n).map { activations[$0](c[$0] + d[$0] + cu[$0]) })
    }

    /// A bound on |F̃ − F| per state: γ (|A| max(|x̲|, |x̄|) + |c|) through φ's Lipschitz constant,
    /// plus φ's own evaluation error.
    private func mapRounding(_ xl: [Double], _ xu: [Double], _ cl: [Double], _ cu: [Double]) -> [Double] {
        let n = activations.count
        let gamma = Double(2 * n + 6) * Double.ulpOfOne
        let sizes = magnitude.apply(to: (0..<n).map { Swift.max(Swift.abs(xl[$0]), Swift.abs(xu[$0])) })
        return (0..<n).map { i in
            let pre = sizes[i] + Swift.max(Swift.abs(cl[i]), Swift.abs(cu[i]))
            let value = Swift.max(Swift.abs(activations[i](pre)), Swift.abs(activations[i](-pre)))
            return activations[i].lipschitzConstant * gamma * pre + value * Activation.evaluationErrorBound + Double.leastNormalMagnitude
        }
    }
}
