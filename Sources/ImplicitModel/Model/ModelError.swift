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
    /// An implicit model was asked for as a layered network: assembly has no way back.
    case noNetworkForm

    public var description: String {
        switch self {
        case .duplicateName(let name): return "the name '\(name)' is used twice"
        case let .unknownSource(receiver, source): return "'\(receiver)' reads '\(source)', which is neither the input nor a layer"
        case let .shapeMismatch(what, expected, found): return "\(what) has shape \(found), expected \(expected)"
        case .nonFinite(let what): return "\(what) contains NaN or infinity"
        case .cycle(let names): return "the layers form a cycle: " + Self.abridged(names).joined(separator: " → ")
        case .emptyLayer(let name): return "'\(name)' has no units"
        case .invalidModel(let why): return why
        case .noNetworkForm: return "an implicit model cannot be written as a network"
        }
    }

    /// A long cycle keeps its first and last few names and says how many it leaves out, so that
    /// the error stays one readable line (a hostile file can close a cycle through every layer).
    static func abridged(_ names: [String], keepingEachEnd kept: Int = 5) -> [String] {
        guard names.count > 2 * kept + 1 else { return names }
        return names.prefix(kept) + ["… \(names.count - 2 * kept) more …"] + names.suffix(kept)
    }
}
