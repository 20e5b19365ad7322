import ImplicitModel

/// Why a reduction, a pruning or a deviation measurement could not be carried out. Each case
/// names the option or the part of the model at fault; the CLI prefixes the file.
public enum ReductionError: Error, CustomStringConvertible, Equatable {
    /// An option is out of range (a negative tolerance, a rank of 0, a NaN threshold, …).
    case invalidOption(name: String, why: String)
    /// The input box does not have one interval per input feature, or an interval is empty.
    case invalidBox(why: String)
    /// The verification inputs do not have the model's input width.
    case inputShape(expected: Int, found: Int)
    /// The labels given for the states do not match the model's state count.
    case labelCount(expected: Int, found: Int)
    /// The reduced or pruned model is ill-posed (`ReductionOptions.refuseIllPosed`); the report
    /// carries the witness of every ill-posed component.
    case illPosedResult(WellPosednessReport)

    public var description: String {
        switch self {
        case let .invalidOption(name, why): return "option \(name): \(why)"
        case .invalidBox(let why): return "input box: \(why)"
        case let .inputShape(expected, found):
            return "the verification inputs have \(found) features per sample, the model expects \(expected)"
        case let .labelCount(expected, found): return "\(found) state labels given for \(expected) states"
        case .illPosedResult(let report):
            let ill = report.components.filter { $0.verdict == .illPosed }
            return "the reduced model is ill-posed: \(ill.count) of its \(report.components.count) diagonal components have a witness"
        }
    }
}
