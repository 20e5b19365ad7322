import ImplicitModel

/// The reduced model with what the CLI needs to write and describe it.
public struct ReductionOutcome: Sendable {
    public let model: ImplicitModel
    /// The label (`block[i]` of the original model, or of a new block) of each state of `model`.
    public let labels: [String]
    /// The input columns, of the original model, that `model` takes, in order.
    public let keptInputs: [Int]
    public let report: ReductionReport
}
