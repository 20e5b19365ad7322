import ImplicitModel

/// Tolerances and budgets of the well-posedness analysis, each with a documented default.
///
/// The analysis never reports "well-posed" without a certificate that holds with a margin, nor
/// "ill-posed" without a witness that passes `witnessResidualTolerance`; the tolerances below only
/// decide how much rounding a certificate or a witness may absorb before the verdict falls back to
/// "undecided".
public struct WellPosednessOptions: Sendable, Equatable {
    /// A norm, ratio or spectral bound certifies "< 1" only when it is ≤ 1 − margin. By default
    /// `PicardContraction.defaultMargin` (10⁻¹², about 5 000 ulps of 1), the margin the solver and
    /// the ONNX exporter judge contraction with, so that lint's Picard verdict is theirs.
    public var certificateMargin: Double = PicardContraction.defaultMargin
    /// A candidate witness counts only when max_i |x_i − φ_i((Ax + b)_i)| ≤ this · max(1, ‖b‖∞, ‖x¹‖∞, ‖x²‖∞)
    /// for both solutions. Witnesses are normalized to ‖x¹ − x²‖∞ ≈ 1, so 1e-9 leaves six orders of
    /// magnitude between the residual and the distance between the two states.
    public var witnessResidualTolerance: Double = 1e-9
    /// The two solutions of a witness must differ by at least this · max(1, ‖x¹‖∞, ‖x²‖∞).
    public var witnessSeparation: Double = 1e-6
    /// Slope-box witnesses (smooth activations) are polished by Newton's method, so they must do
    /// better: max_i |x_i − φ_i((Ax + b)_i)| ≤ this · max(1, ‖b‖∞, ‖x‖∞) for every solution. A
    /// converged Newton iterate sits at the rounding of z − Aφ(z) (≈ 1e-15 · scale); 1e-10 leaves
    /// room for an ill-conditioned Jacobian while staying far below any distance between solutions.
    public var slopeBoxResidualTolerance: Double = 1e-10
    /// A pivot of the exact P-matrix test counts as positive only above this · max(1, ‖I − A‖∞):
    /// pivots closer to zero than the rounding of a chain of Schur complements prove nothing.
    public var pivotTolerance: Double = 1e-12
    /// I − A (identity blocks) or I − A·D (leaky ReLU blocks) counts as nonsingular only when its
    /// reciprocal 1-norm condition number exceeds this; below it a solve would lose every digit.
    public var conditionTolerance: Double = 1e-13
    /// Largest diagonal component decided exactly by the recursive P-matrix test (2ⁿ pivots; 20 states
    /// is about a million pivots, well under a second).
    public var exactSizeLimit: Int = 20
    /// Largest component the analysis gathers into a dense matrix (8192² doubles = 512 MiB); larger
    /// cyclic components are reported undecided.
    public var denseSizeLimit: Int = 8192
    /// Largest component for which O(n³) tests run (Cholesky, SVD, the full determinant, inverses).
    /// By default the size up to which `PicardContraction` computes ‖M‖₂ for the solver.
    public var cubicSizeLimit: Int = PicardContraction.Limits().spectralNormSizeLimit
    /// Power-iteration cap for Perron vectors; the Collatz–Wielandt bounds are valid whenever it
    /// stops. By default `PicardContraction`'s.
    public var perronIterations: Int = PicardContraction.Limits().perronIterations
    /// Random principal subsets tried by the bounded search beyond `exactSizeLimit`.
    public var searchSubsets: Int = 2000
    /// Greedy growths (from the smallest 2 × 2 minors) tried by the bounded search.
    public var greedyStarts: Int = 8
    /// Largest subset a greedy growth reaches.
    public var greedyMaxSize: Int = 24
    /// Largest subset whose 2^|α| complementary bases are enumerated when the direct witness
    /// construction fails numerically.
    public var enumerationSizeLimit: Int = 10
    /// Random right-hand sides tried by that enumeration.
    public var enumerationTrials: Int = 16
    /// Seed of every randomized step, so that a report is reproducible.
    public var seed: UInt64 = 0x5EED_1A2B

    public init() {}

    /// The limits of the Picard bound under these options (lint computes it as the solver does).
    var picardLimits: PicardContraction.Limits {
        var limits = PicardContraction.Limits()
        limits.spectralNormSizeLimit = cubicSizeLimit
        limits.perronIterations = perronIterations
        return limits
    }
}
