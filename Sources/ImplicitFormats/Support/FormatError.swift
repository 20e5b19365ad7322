/// Why a file could not be read or written, with the file and the place inside it.
///
/// One type for every importer and exporter, so the CLI prints one line of the form
/// docs/reliability.md promises, `FILE[:LINE:COL][: PLACE…]: what is wrong`:
/// - CSV and YAML: `X.csv:3:7: 'abc' is not a number` (`.line(3, column: 7)`),
/// - NPZ: `model.npz: member 'A': shape (3, 4), expected (3, 3)` (`.member("A")`),
/// - NPY header: `X.npy: header: 'shape' has a negative dimension` (`.header`),
/// - ONNX: `net.onnx: node 'fc1' (Gemm): …` (`.path`, as `ONNXGraphIndex.place` names nodes),
/// - any keyed structure: `net.yaml: layers[2].weights: …` (`.path`).
///
/// `kind` says, as data, the refusals a command may word a remedy for (a flag to raise a limit
/// or to replace a file); the message says what is wrong in the file's terms only.
public struct FormatError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What sort of refusal this is, beyond its message.
    public enum Kind: Equatable, Sendable {
        /// The file, or what it holds, is wrong or not supported: `message` says what.
        case invalid
        /// Reading on would allocate beyond the memory limit; `message` holds the shortfall's
        /// own words.
        case exceedsMemoryLimit(MemoryShortfall)
        /// The output file is already there and replacing it was not asked for; `message`
        /// starts with "already exists".
        case outputExists
    }

    /// A place inside a file, outermost first in `location`.
    public enum Location: Equatable, Sendable, CustomStringConvertible {
        /// 1-based line and column (column 0 when only the line is known).
        case line(Int, column: Int)
        /// A member of an archive (an NPZ array name, without `.npy`).
        case member(String)
        /// The header of an NPY array.
        case header
        /// A key path inside a structured document.
        case path(String)

        public var description: String {
            switch self {
            case let .line(line, column): return column > 0 ? "\(line):\(column)" : "\(line)"
            case .member(let name): return "member '\(name)'"
            case .header: return "header"
            case .path(let path): return path
            }
        }
    }

    /// The file as the user named it.
    public var file: String
    /// Where in the file, outermost first; empty when the whole file is at fault.
    public var location: [Location]
    /// What is wrong, without the file or place.
    public var message: String
    /// What sort of refusal this is.
    public var kind: Kind

    /// An error at `location` (outermost first) in `file`.
    public init(file: String, location: [Location] = [], message: String, kind: Kind = .invalid) {
        self.file = file
        self.location = location
        self.message = message
        self.kind = kind
    }

    /// The same error one level deeper: `place` goes after the existing locations.
    public func at(_ place: Location) -> FormatError {
        FormatError(file: file, location: location + [place], message: message, kind: kind)
    }

    /// One line: line/column are joined to the file with `:`, other places with `: `.
    public var description: String {
        var text = file
        for place in location {
            if case .line = place { text += ":\(place)" } else { text += ": \(place)" }
        }
        return text + ": " + message.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

extension FormatError {
    /// An error about the whole file.
    public init(file: String, _ message: String) {
        self.init(file: file, location: [], message: message)
    }

    /// An error at a 1-based line and column (YAML marks, CSV cells).
    public init(file: String, line: Int, column: Int, _ message: String) {
        self.init(file: file, location: [.line(line, column: column)], message: message)
    }

    /// An error at a named place (a message path, a node, a tensor): `file: place: message`.
    public init(file: String, place: String?, _ message: String) {
        self.init(file: file, location: place.map { [.path($0)] } ?? [], message: message)
    }

    /// A refusal to allocate `subject` (what the file asks for, "the array", "D") beyond the
    /// memory limit: `subject would need …, beyond the memory limit of …`.
    public init(file: String, location: [Location] = [], refusing subject: String, _ shortfall: MemoryShortfall) {
        let message = subject.isEmpty ? shortfall.description : subject + " " + shortfall.description
        self.init(file: file, location: location, message: message, kind: .exceedsMemoryLimit(shortfall))
    }

    /// `init(file:location:refusing:_:)` at a named place.
    public init(file: String, place: String?, refusing subject: String, _ shortfall: MemoryShortfall) {
        self.init(file: file, location: place.map { [.path($0)] } ?? [], refusing: subject, shortfall)
    }
}
