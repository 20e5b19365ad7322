import ImplicitModel

extension ComponentAnalyzer {
    /// max over both solutions of max_i |xᵢ − φᵢ((A x + b)ᵢ)|, computed directly on A.
    func residual(b: [Double], _ x: [Double]) -> Double {
        let z = a.apply(to: x)
        var worst = 0.0
        for i in x.indices {
            let r = Swift.abs(x[i] - activations[i](z[i] + b[i]))
            worst = r.isNaN ? .infinity : Swift.max(worst, r)
        }
        return worst
    }

    /// The witness if (b, x¹, x²) passes: both residuals ≤ tolerance · max(1, ‖b‖∞, ‖x¹‖∞, ‖x²‖∞) and
    /// ‖x¹ − x²‖∞ ≥ separation · max(1, ‖x¹‖∞, ‖x²‖∞).
    func verified(reason: IllPosednessWitness.Reason, b: [Double], x1: [Double], x2: [Double]) -> IllPosednessWitness? {
        func maxAbs(_ v: [Double]) -> Double { v.reduce(0) { Swift.max($0, Swift.abs($1)) } }
        guard (b + x1 + x2).allSatisfy(\.isFinite) else { return nil }
        let size = Swift.max(1, maxAbs(x1), maxAbs(x2))
        let scale = Swift.max(size, maxAbs(b))
        let residual = Swift.max(self.residual(b: b, x1), self.residual(b: b, x2))
        let separation = maxAbs(zip(x1, x2).map { $0 - $1 })
        guard residual <= options.witnessResidualTolerance * scale,
              separation >= options.witnessSeparation * size else { return nil }
        return IllPosednessWitness(reason: reason, b: b, x1: x1, x2: x2, residual: residual, separation: separation)
    }

    /// `verified` for states built from an LCP candidate, carrying over how it was found.
    func verified(_ candidate: LCPWitnessCandidate, b: [Double], x1: [Double], x2: [Double]) -> IllPosednessWitness? {
        guard var witness = verified(reason: candidate.reason, b: b, x1: x1, x2: x2) else { return nil }
        witness.subset = candidate.subset.map { $0.map { states[$0] } }
        witness.principalMinor = candidate.principalMinor.flatMap { $0.isFinite ? $0 : nil }
        witness.perronLowerBound = candidate.perronLowerBound
        witness.eigenvalue = candidate.eigenvalue
        return witness
    }

    /// Scales (b, x¹, x²) by 1 / max(‖x¹‖∞, ‖x²‖∞); every piecewise-linear φ is positively
    /// homogeneous, so the scaled triple is a witness iff the original is.
    func normalized(b: [Double], x1: [Double], x2: [Double]) -> (b: [Double], x1: [Double], x2: [Double]) {
        let top = (x1 + x2).reduce(0) { Swift.max($0, Swift.abs($1)) }
        guard top > 0, top.isFinite else { return (b, x1, x2) }
        return (b.map { $0 / top }, x1.map { $0 / top }, x2.map { $0 / top })
    }
}
