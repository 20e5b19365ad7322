import ImplicitModel

extension IntervalPropagation {
    /// The interval fixed point of a cyclic component for every box of the batch: `known` holds
    /// the bounds of its pre-activations without the component's own term A_cc x.
    func componentFixedPoint(_ blocks: [Int], activations: [Activation], known: IntervalBatch)
        -> (preActivation: IntervalBatch, converged: Bool) {
        let a = model.a.dense(rowBlocks: blocks, colBlocks: blocks)
        let product = IntervalMatrix(a)
        var pre = known, converged = true
        for j in 0..<known.count {
            let box = known.box(j)
            let solved = Self.fixedPoint(a: a, product: product, activations: activations,
                                         knownLower: box.lower, knownUpper: box.upper, options: options)
            for i in 0..<known.rows {
                pre.lower[i, j] = solved.preActivation.lower[i]
                pre.upper[i, j] = solved.preActivation.upper[i]
            }
            converged = converged && solved.converged
        }
        return (pre, converged)
    }

    /// Intersects a cyclic component's state bounds with the mixed-monotone embedding's enclosure,
    /// box by box, and its pre-activation bounds with known + A_cc · states.
    /// - Throws: `BoundsError` when the embedding is required and refuses the component.
    func embed(_ blocks: [Int], activations: [Activation], known: IntervalBatch, pre: inout IntervalBatch,
               states: inout IntervalBatch) throws {
        let a = model.a.dense(rowBlocks: blocks, colBlocks: blocks)
        let names = "{" + blocks.map { model.states[$0].name }.joined(separator: ", ") + "}"
        let embedding: MixedMonotoneEmbedding
        do {
            embedding = try MixedMonotoneEmbedding(a: a, activations: activations)
        } catch {
            guard self.embedding == .required else { return }
            switch error {
            case .nonMonotone(let activation):
                throw BoundsError.unsupportedModel(why: "the mixed-monotone embedding needs monotone continuous activations; component \(names) has \(activation)")
            case .notContractive(let measure):
                throw BoundsError.noFiniteBound(why: "the embedded system of component \(names) is not contractive (weighted μ∞ = \(measure) ≥ 1)")
            }
        }
        for j in 0..<known.count {
            let box = known.box(j)
            guard box.lower.allSatisfy(\.isFinite), box.upper.allSatisfy(\.isFinite) else { continue }
            let enclosure = embedding.enclosure(lower: box.lower, upper: box.upper)
            for i in 0..<known.rows {
                states.lower[i, j] = Swift.max(states.lower[i, j], enclosure.lower[i])
                states.upper[i, j] = Swift.min(states.upper[i, j], enclosure.upper[i])
            }
        }
        var refined = IntervalMatrix(a).bounds(states)
        refined.add(known)
        refined = refined.widened(by: 2 * Self.additionAllowancePerTerm)
        pre = pre.intersected(with: refined)
    }

    /// The interval fixed point of one cyclic component x = φ(A x + c), c in [knownLower, knownUpper],
    /// I ← φ(A I + c) ∩ I from the range of φ (and the a-priori ball when κ∞ < 1).
    ///
    /// Why it is sound: if a true state x(u) lies in I, then x(u) = φ(A x(u) + c(u)) lies in
    /// φ(A I + c), because interval arithmetic is inclusion-monotone; the start holds every true
    /// state, so by induction every iterate does, converged or not. When κ∞ < 1 the map sends the
    /// box [−R, R] into itself and is a κ∞-contraction for max(|Δlower|, |Δupper|), so the iterates
    /// shrink geometrically to its fixed interval; otherwise the enclosure may stay loose (even
    /// infinite), never wrong.
    /// - Returns: bounds on the pre-activations A x + c at the final enclosure, and whether the
    ///   iteration converged before the cap.
    static func fixedPoint(a: Matrix, product: IntervalMatrix, activations: [Activation], knownLower: [Double],
                           knownUpper: [Double], options: IntervalBoundOptions)
        -> (preActivation: (lower: [Double], upper: [Double]), converged: Bool) {
        let n = a.rows
        var lower = activations.map { $0.valueRange.lower }
        var upper = activations.map { $0.valueRange.upper }
        if let radius = aPrioriRadius(a: a, activations: activations, knownLower: knownLower, knownUpper: knownUpper) {
            for i in 0..<n {
                lower[i] = Swift.max(lower[i], -radius)
                upper[i] = Swift.min(upper[i], radius)
            }
        }
        func preActivation() -> (lower: [Double], upper: [Double]) {
            var (lo, hi) = product.bounds(lower: lower, upper: upper)
            for i in 0..<n { lo[i] += knownLower[i]; hi[i] += knownUpper[i] }
            return (lo, hi)
        }
        for _ in 0..<options.maxIterations {
            let pre = preActivation()
            var change = 0.0, scale = 1.0
            for i in 0..<n {
                let image = activations[i].intervalImage(lower: pre.lower[i], upper: pre.upper[i])
                let lo = Swift.max(lower[i], image.lower), hi = Swift.min(upper[i], image.upper)
                for (old, new) in [(lower[i], lo), (upper[i], hi)] where new.isFinite {
                    change = Swift.max(change, old.isFinite ? Swift.abs(new - old) : .infinity)
                    scale = Swift.max(scale, Swift.abs(new))
                }
                lower[i] = lo
                upper[i] = hi
            }
            if change <= options.convergenceTolerance * scale { return (preActivation(), true) }
        }
        return (preActivation(), false)
    }

    /// Relative widening of the a-priori radius, which is itself computed in floating point: far
    /// above the few ulps of error in R, far below anything that would loosen the enclosure.
    static let radiusMargin = 1e-12

    /// R with ‖x‖∞ ≤ R for every solution, when κ∞ = max_i Lip(φ_i) Σ_j |a_ij| < 1 and c is bounded:
    /// |x_i| ≤ |φ_i(0)| + Lip(φ_i) (Σ_j |a_ij| ‖x‖∞ + |c_i|) gives ‖x‖∞ (1 − κ∞) ≤ max_i (|φ_i(0)| + Lip(φ_i)|c_i|).
    static func aPrioriRadius(a: Matrix, activations: [Activation], knownLower: [Double], knownUpper: [Double]) -> Double? {
        let n = a.rows
        var rowSums = [Double](repeating: 0, count: n)
        for j in 0..<n { for i in 0..<n { rowSums[i] += Swift.abs(a[i, j]) } }
        var kappa = 0.0, numerator = 0.0
        for i in 0..<n {
            let lipschitz = activations[i].lipschitzConstant
            let c = Swift.max(Swift.abs(knownLower[i]), Swift.abs(knownUpper[i]))
            guard c.isFinite else { return nil }
            kappa = Swift.max(kappa, lipschitz * rowSums[i])
            numerator = Swift.max(numerator, Swift.abs(activations[i].valueAtZero) + lipschitz * c)
        }
        guard kappa < 1 else { return nil }
        return numerator / (1 - kappa) * (1 + radiusMargin) + Double.leastNormalMagnitude
    }
}
