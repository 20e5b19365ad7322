import Linalg

/// The contraction factor of the Picard iteration x ← φ(A x + c) on one component, and the norm
/// that proves it: the one bound the solver, lint's Picard report and the ONNX exporter's
/// unrolling all use, so that none of them calls contractive what another refuses.
///
/// φᵢ is Lᵢ-Lipschitz (`Activation.lipschitzConstant`), so φ(z) − φ(z') = D·L·(z − z') entrywise
/// with |Dᵢᵢ| ≤ 1, and the iteration contracts in every monotone norm in which
/// κ = ‖M‖ < 1 for M = diag(L) A. Tried in this order, each only while the ones before are
/// above 1 − margin: ‖M‖∞ (largest row sum), ‖M‖₁ (largest column sum), the weighted max-norm
/// ‖x‖_v = maxᵢ |xᵢ| / vᵢ with v the Perron vector of |M| (induced norm maxᵢ (|M| v)ᵢ / vᵢ,
/// the IGNN condition ρ(|M|) < 1), and ‖M‖₂ (an SVD, only up to `Limits.spectralNormSizeLimit`).
/// The smallest value found is the factor.
public struct PicardContraction: Sendable, Equatable {
    public enum Norm: String, Codable, Sendable, Hashable {
        case inf, one, two, weightedInf
    }

    /// What the bound may cost.
    public struct Limits: Sendable, Equatable {
        /// Largest component for which ‖M‖₂ (an SVD, O(n³)) is computed.
        public var spectralNormSizeLimit = 3000
        /// Power-iteration cap for the Perron vector; its bound is valid whenever it stops.
        public var perronIterations = 500

        public init() {}
    }

    /// A factor counts as a contraction only when it is ≤ 1 − margin. 1e-12 is about 5 000 ulps of
    /// 1: above the rounding of a row sum or a power-iteration ratio over thousands of terms (the
    /// default of lint's `certificateMargin`).
    public static let defaultMargin = 1e-12

    /// The norm with the smallest ‖M‖ found.
    public let norm: Norm
    /// ‖M‖ in that norm.
    public let factor: Double
    /// The weights v > 0 when `norm` is `weightedInf`.
    public let scaling: [Double]?
    /// The margin the factor was judged with.
    public let margin: Double
    /// A bound on ‖M‖₂: √(‖M‖₁ ‖M‖∞) (Hölder), or ‖M‖₂ itself when it was computed. A contraction
    /// factor in the Euclidean norm when below 1 − margin, whichever norm `factor` is in.
    public let euclideanBound: Double

    /// True when `factor` ≤ 1 − margin: the iteration provably converges for every c.
    public var isContractive: Bool { factor <= 1 - margin }

    /// The bound from norms of M = diag(L) A supplied by the caller, each asked for only when the
    /// ones before have not proven contraction (lint shares them with its certificates).
    /// - Parameters:
    ///   - weightedInf: maxᵢ (|M| v)ᵢ / vᵢ and the Perron vector v of |M|.
    ///   - norm2: ‖M‖₂, or nil when too large to compute.
    public static func smallest(normInf: Double, norm1: Double, weightedInf: () -> (value: Double, scaling: [Double]),
                                norm2: () -> Double?, margin: Double = defaultMargin) -> PicardContraction {
        var best = (norm: Norm.inf, factor: normInf, scaling: [Double]?.none)
        if norm1 < best.factor { best = (.one, norm1, nil) }
        if best.factor > 1 - margin {
            let weighted = weightedInf()
            if weighted.value < best.factor { best = (.weightedInf, weighted.value, weighted.scaling) }
        }
        var euclidean = (norm1 * normInf).squareRoot()
        if best.factor > 1 - margin, let two = norm2() {
            euclidean = Swift.min(euclidean, two)
            if two < best.factor { best = (.two, two, nil) }
        }
        return PicardContraction(norm: best.norm, factor: best.factor, scaling: best.scaling, margin: margin,
                                 euclideanBound: euclidean)
    }

    /// The bound of the component with matrix `a` and one activation per state.
    public init(a: Matrix, activations: [Activation], limits: Limits = Limits(), margin: Double = defaultMargin) {
        precondition(a.isSquare && a.rows == activations.count, "component shapes disagree")
        let lipschitz = activations.map(\.lipschitzConstant)
        let m = lipschitz.allSatisfy({ $0 == 1 }) ? a : a.rowsScaled(by: lipschitz)
        self = PicardContraction.smallest(
            normInf: m.normInf, norm1: m.norm1,
            weightedInf: {
                let absolute = m.absoluteValues
                let perron = PerronVector(of: absolute, maxIterations: limits.perronIterations, stopBelow: 1 - margin, stopAbove: 1)
                return (PicardContraction.maxRatio(absolute.apply(to: perron.vector), perron.vector), perron.vector)
            },
            norm2: { m.rows <= limits.spectralNormSizeLimit ? (try? m.norm2()) : nil },
            margin: margin)
    }

    init(norm: Norm, factor: Double, scaling: [Double]?, margin: Double, euclideanBound: Double) {
        self.norm = norm
        self.factor = factor
        self.scaling = scaling
        self.margin = margin
        self.euclideanBound = euclideanBound
    }

    /// maxᵢ numeratorᵢ / vᵢ: the weighted max-norm's induced norm, recomputed from v rather than
    /// taken from the power iteration, so that it is exactly what a third party evaluates.
    public static func maxRatio(_ numerator: [Double], _ v: [Double]) -> Double {
        var worst = 0.0
        for i in v.indices { worst = Swift.max(worst, numerator[i] / v[i]) }
        return worst
    }

    /// ‖r‖ in this bound's norm, for a vector of n states (`scaling` weights the max-norm);
    /// infinity when r has a non-finite entry.
    public func measure(_ r: UnsafeBufferPointer<Double>) -> Double {
        switch norm {
        case .inf:
            var worst = 0.0, sum = 0.0
            for v in r { worst = Swift.max(worst, Swift.abs(v)); sum += v }
            return sum.isFinite ? worst : .infinity
        case .one:
            var sum = 0.0
            for v in r { sum += Swift.abs(v) }
            return sum.isFinite ? sum : .infinity
        case .two:
            var sum = 0.0
            for v in r { sum += v * v }
            return sum.isFinite ? sum.squareRoot() : .infinity
        case .weightedInf:
            let weights = scaling ?? []
            var worst = 0.0, sum = 0.0
            for i in r.indices { worst = Swift.max(worst, Swift.abs(r[i]) / weights[i]); sum += r[i] }
            return sum.isFinite ? worst : .infinity
        }
    }
}
