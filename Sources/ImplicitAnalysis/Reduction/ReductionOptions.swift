import ImplicitModel

/// Everything `ReductionPipeline` does: the exact reductions always, the lossy ones when set, the
/// rank analysis and the deviation measurement when asked.
public struct ReductionOptions: Sendable {
    /// Inputs on which the reduced model is compared with the original.
    public enum Verification: Sendable {
        /// `count` inputs (`--verify N`) from `SplitMix64`: uniform in `exact.box` when there is
        /// one (`InputBox.uniformSamples`), else N(0, 1) per input (`StandardNormalInputs`).
        case random(count: Int, seed: UInt64 = ReductionOptions.defaultVerificationSeed)
        /// Given inputs of the original model, p × m, one sample per column (`--verify-input X.npy`).
        case given(Matrix)
    }

    /// The seed of random verification inputs when none is given.
    public static let defaultVerificationSeed: UInt64 = 0x1D_EA5E

    /// Tolerance, input box and input dropping for the exact reductions (run first, and again
    /// after magnitude pruning).
    public var exact = ExactReductionOptions()
    /// Magnitude pruning (`--threshold`, `--relative`); nil: none.
    public var magnitudePruning: MagnitudePruning?
    /// Low-rank factorization (`--rank`, `--rank-tol`); nil: none.
    public var lowRank: LowRankOptions?
    /// Report the singular values and numerical rank of the parts of A (`implicit reduce`), on the
    /// model entering the low-rank stage; nil: no SVDs beyond those the low-rank stage needs.
    public var rankAnalysis: LowRankOptions.Scope?
    /// Measure the output deviation against the original; nil: not measured.
    public var verification: Verification?
    /// How both models are solved when measuring the deviation.
    public var solver = SolverOptions()
    /// Analyse the result's well-posedness (`WellPosednessAnalysis`, default options) before the
    /// deviation is measured, and throw `ReductionError.illPosedResult` when it is ill-posed
    /// (`implicit prune` writes no model then). Undecided results pass: lint reports them.
    public var refuseIllPosed = false

    public init(exact: ExactReductionOptions = ExactReductionOptions(), magnitudePruning: MagnitudePruning? = nil,
                lowRank: LowRankOptions? = nil, rankAnalysis: LowRankOptions.Scope? = nil,
                verification: Verification? = nil, refuseIllPosed: Bool = false) {
        self.exact = exact
        self.magnitudePruning = magnitudePruning
        self.lowRank = lowRank
        self.rankAnalysis = rankAnalysis
        self.verification = verification
        self.refuseIllPosed = refuseIllPosed
    }

    /// True when some step may change the outputs: pruning, low rank, or a positive tolerance.
    public var isLossy: Bool { magnitudePruning != nil || lowRank != nil || exact.tolerance > 0 }
}
