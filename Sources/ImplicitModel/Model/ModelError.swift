/// Why a network or implicit model is inconsistent. Each case names the layer, block or term
/// at fault; importers prefix the file and place.
public enum ModelError: Error, CustomStringConvertible, Equatable {
    case duplicateName(String)
    case unknownSource(receiver: String, source: String)
    case shapeMismatch(what: String, expected: String, found: String)
    case nonFinite(what: String)
    case cycle([String])
    case emptyLayer(String)
    case invalidModel(String)

    public var description: String {
        switch self {
        case .duplicateName(let name): return "the name '\(name)' is used twice"
        case let .unknownSource(receiver, source): return "'\(receiver)' reads '\(source)', which is neither the input nor a layer"
        case let .shapeMismatch(what, expected, found): return "\(what) has shape \(found), expected \(expected)"
        case .nonFinite(let what): return "\(what) contains NaN or infinity"
        case .cycle(let names): return "the layers form a cycle: \(names.joined(separator: " → "))"
        case .emptyLayer(let name): return "'\(name)' has no units"
        case .invalidModel(let why): return why
        }
    }
}
