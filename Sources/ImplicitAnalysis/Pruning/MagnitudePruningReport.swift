/// What magnitude pruning zeroed.
public struct MagnitudePruningReport: Codable, Sendable, Equatable {
    public let threshold: Double
    public let scale: MagnitudePruning.Scale
    /// Entries set to zero, per matrix ("A", "B", "C", "D").
    public let zeroedEntries: [String: Int]
    /// Stored blocks of A that became entirely zero and were dropped.
    public let removedBlocksOfA: Int
}
