import ImplicitModel

extension MatrixBounds {
    /// The smallest ‖M‖ among ∞, 1, the Perron-weighted max-norm and (only if the others fail) 2,
    /// for M = LA: a contraction factor of the Picard iteration when below 1.
    func picardReport() -> PicardReport {
        var best = PicardReport(contractive: false, norm: .inf, value: normInf)
        func consider(_ norm: PicardReport.Norm, _ value: Double, _ scaling: [Double]? = nil) {
            if value < best.value { best = PicardReport(contractive: false, norm: norm, value: value, scaling: scaling) }
        }
        consider(.one, norm1)
        if best.value > certifiedBelowOne { consider(.weightedInf, perronRatio, perron.vector) }
        if best.value > certifiedBelowOne, let two = norm2 { consider(.two, two) }
        best.contractive = best.value <= certifiedBelowOne
        return best
    }
}
