/// The factored parts of A and the figures the report needs.
public struct LowRankReport: Codable, Sendable, Equatable {
    public let parts: [LowRankFactor]
    /// Σ costBefore and Σ costAfter over the parts that were factored.
    public var costBefore: Int { parts.filter { $0.newBlock != nil || $0.keptRank == 0 }.reduce(0) { $0 + $1.costBefore } }
    public var costAfter: Int { parts.filter { $0.newBlock != nil || $0.keptRank == 0 }.reduce(0) { $0 + $1.costAfter } }
}
