import ImplicitModel

/// A reduced model with what the CLI needs to use and describe it.
public struct ExactReductionResult: Sendable {
    public let model: ImplicitModel
    /// The label of each state of `model`, carried over from the labels of the input model.
    public let labels: [String]
    /// The input columns, of the model given, that `model` takes, in order.
    public let keptInputs: [Int]
    public let report: ExactReductionReport
}
