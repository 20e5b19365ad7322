/// Why training cannot start or could not produce a model.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    case unsupportedActivation(String)
    case shape(String)
    case nonFinite(String)
    case invalidOption(String)
    case diverged(String)

    public var description: String {
        switch self {
        case .unsupportedActivation(let name):
            return "activation \(name) has no Fenchel divergence in the trainer; use relu or tanh"
        case .shape(let text), .nonFinite(let text), .invalidOption(let text), .diverged(let text):
            return text
        }
    }
}
