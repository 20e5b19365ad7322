/// Why two models cannot be composed.
public enum CompositionError: Error, CustomStringConvertible, Equatable {
    /// Cascade: FIRST's output does not have SECOND's input size.
    case dimensionMismatch(firstOutput: Int, secondInput: Int)
    /// Parallel: the two models do not read inputs of the same size.
    case inputMismatch(firstInput: Int, secondInput: Int)
    /// Cascade: FIRST ends in a nonlinear head, which has no affine output to feed SECOND.
    case nonlinearHead(OutputHead)
    /// Parallel: the heads cannot act on the stacked outputs (a softmax normalizes over all of them).
    case incompatibleHeads(first: OutputHead, second: OutputHead)

    public var description: String {
        switch self {
        case let .dimensionMismatch(output, input):
            return "cannot cascade: the first model has \(output) outputs, the second model expects \(input) inputs"
        case let .inputMismatch(first, second):
            return "cannot compose in parallel: the first model reads \(first) inputs, the second \(second)"
        case .nonlinearHead(let head):
            return "cannot cascade: the first model ends in a \(head.rawValue) head, which is not affine in its state; remove the head from the first model"
        case let .incompatibleHeads(first, second):
            return "cannot compose in parallel: heads \(first.rawValue) and \(second.rawValue) do not act on stacked outputs (only none/none and sigmoid/sigmoid do)"
        }
    }
}
