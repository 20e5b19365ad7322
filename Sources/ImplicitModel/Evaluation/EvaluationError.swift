/// Why evaluation could not produce states: never a silently wrong answer. The description says
/// what failed in the model's terms; the command line adds which command checks the model.
public enum EvaluationError: Error, CustomStringConvertible, Equatable {
    case inputShape(expected: Int, found: Int)
    case nonFiniteInput(sample: Int, feature: Int)
    /// The solver hit its cap or its check failed; `residual` is max |x − φ(Ax + c)| reached.
    case notConverged(blocks: [String], sample: Int?, method: String, residual: Double)
    /// I − D A was singular for an active set: the component is not well-posed for that input.
    case singularSystem(blocks: [String], sample: Int)

    public var description: String {
        switch self {
        case let .inputShape(expected, found):
            return "the input has \(found) features per sample, the model expects \(expected)"
        case let .nonFiniteInput(sample, feature):
            return "the input has NaN or infinity at row \(sample), column \(feature)"
        case let .notConverged(blocks, sample, method, residual):
            let at = sample.map { " for sample \($0)" } ?? ""
            return "the fixed point of blocks \(blocks.joined(separator: ", ")) did not converge\(at) (\(method), residual \(residual))"
        case let .singularSystem(blocks, sample):
            return "blocks \(blocks.joined(separator: ", ")) have no unique state for sample \(sample) (I − DA is singular): the model is not well-posed there"
        }
    }
}
