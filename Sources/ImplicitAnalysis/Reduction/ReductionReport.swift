/// What `ReductionPipeline` did to a model: figures before → after, per block what was removed,
/// each stage's own report, and the measured output deviation. Codable: the `--json` output of
/// `implicit reduce` and `implicit prune` (documented in docs/pruning.md).
public struct ReductionReport: Codable, Sendable, Equatable {
    public struct BlockChange: Codable, Sendable, Equatable {
        public let name: String
        /// 0 for a block the low-rank stage added.
        public let sizeBefore: Int
        /// 0 for a block that disappeared.
        public let sizeAfter: Int
        /// Labels (`block[i]`) of its states that were removed, by any stage.
        public let removed: [String]
    }

    public let before: ModelFigures
    public let after: ModelFigures
    public let blocks: [BlockChange]
    /// The first, lossless stage (lossless unless the tolerance is positive).
    public let exact: ExactReductionReport
    public let magnitudePruning: MagnitudePruningReport?
    /// The exact reductions run again after pruning: the states pruning left dead.
    public let exactAfterPruning: ExactReductionReport?
    public let lowRank: LowRankReport?
    /// Singular values and numerical ranks of the parts of A, when asked.
    public let rankAnalysis: [LowRankFactor]?
    /// The input columns, of the original model, that the result takes, in order.
    public let keptInputs: [Int]
    /// True when a lossy step ran (pruning, low rank, positive tolerance); the result is then only
    /// as good as `deviation` says.
    public let lossy: Bool
    public let deviation: OutputDeviation?
    /// iterationCost before / after, when the original has cyclic components.
    public let iterationSpeedup: Double?
    /// forwardCost before / after.
    public let forwardSpeedup: Double
    /// The iteration speed-up when there are cyclic components (for many sweeps it dominates),
    /// the forward one otherwise. Ratios of multiply-adds, not of measured times; a cost of 0
    /// counts as 1 so that the ratio stays finite.
    public let estimatedSpeedup: Double

    init(before: ModelFigures, after: ModelFigures, blocks: [BlockChange], exact: ExactReductionReport,
         magnitudePruning: MagnitudePruningReport?, exactAfterPruning: ExactReductionReport?, lowRank: LowRankReport?,
         rankAnalysis: [LowRankFactor]?, keptInputs: [Int], lossy: Bool, deviation: OutputDeviation?) {
        self.before = before
        self.after = after
        self.blocks = blocks
        self.exact = exact
        self.magnitudePruning = magnitudePruning
        self.exactAfterPruning = exactAfterPruning
        self.lowRank = lowRank
        self.rankAnalysis = rankAnalysis
        self.keptInputs = keptInputs
        self.lossy = lossy
        self.deviation = deviation
        func ratio(_ a: Int, _ b: Int) -> Double { Double(Swift.max(a, 1)) / Double(Swift.max(b, 1)) }
        iterationSpeedup = before.iterationCost > 0 ? ratio(before.iterationCost, after.iterationCost) : nil
        forwardSpeedup = ratio(before.forwardCost, after.forwardCost)
        estimatedSpeedup = iterationSpeedup ?? forwardSpeedup
    }
}
