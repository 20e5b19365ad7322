import ImplicitModel

/// Norms and spectral bounds of one component matrix M, each computed at most once and shared by
/// the certificates (on I − M) and the Picard report (on M).
final class MatrixBounds {
    let m: Matrix
    let options: WellPosednessOptions

    init(_ m: Matrix, options: WellPosednessOptions) {
        self.m = m
        self.options = options
    }

    var size: Int { m.rows }
    /// The largest value a certified "< 1" may take.
    var certifiedBelowOne: Double { 1 - options.certificateMargin }

    lazy var normInf: Double = m.normInf
    lazy var norm1: Double = m.norm1
    lazy var absolute: Matrix = m.absoluteValues
    lazy var isNonnegative: Bool = m.allElementsSatisfy { $0 >= 0 }

    /// Perron vector of |M|, stopped as soon as it certifies ρ(|M|) < 1 (or, for M ≥ 0, shows ρ ≥ 1).
    lazy var perron: PerronVector = PerronVector(of: absolute, maxIterations: options.perronIterations,
                                                 stopBelow: certifiedBelowOne, stopAbove: 1)

    /// maxᵢ (|M| v)ᵢ / vᵢ for the Perron vector, recomputed from v rather than taken from the
    /// iteration, so that the certificate is exactly what a third party evaluates.
    lazy var perronRatio: Double = MatrixBounds.maxRatio(absolute.apply(to: perron.vector), perron.vector)

    /// ‖M‖₂ from the singular values, or nil above `cubicSizeLimit` or on a LAPACK failure.
    lazy var norm2: Double? = size <= options.cubicSizeLimit ? (try? m.norm2()) : nil

    static func maxRatio(_ numerator: [Double], _ v: [Double]) -> Double {
        PicardContraction.maxRatio(numerator, v)
    }

    static func minRatio(_ numerator: [Double], _ v: [Double]) -> Double {
        var least = Double.infinity
        for i in v.indices { least = Swift.min(least, numerator[i] / v[i]) }
        return least
    }
}
