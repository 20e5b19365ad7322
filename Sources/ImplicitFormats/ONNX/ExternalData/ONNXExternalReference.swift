/// Where a tensor stored outside the `.onnx` file keeps its bytes: ONNX's
/// `TensorProto.external_data` entries `location` (a path relative to the model's folder),
/// `offset` and `length` (decimal byte counts), with `data_location = EXTERNAL`.
///
/// Parsing is pure: it checks the entries' syntax and that `location` stays inside the folder by
/// its spelling alone (relative, no `..`, no empty or `.` component, no backslash or NUL), so
/// nothing is looked up yet. `ONNXExternalDataFolder` then resolves it against the file system.
/// `checksum` is ignored, as the specification allows; other keys are refused, since a key we
/// do not know could change where the bytes are.
struct ONNXExternalReference: Equatable, Sendable {
    /// The path as written, `/`-separated, relative to the model's folder.
    let location: String
    /// Its components, none of them empty, `.` or `..`.
    let components: [String]
    /// The first byte of the tensor in the file.
    let offset: UInt64
    /// The number of bytes; nil means "to the end of the file".
    let length: UInt64?

    /// The reference of a tensor stored externally; nil for one whose bytes are in the message.
    /// - Throws: `ONNXNodeFailure` saying which entry is wrong and why.
    init?(_ tensor: Onnx_TensorProto) throws {
        guard tensor.dataLocation == .external || !tensor.externalData.isEmpty else { return nil }
        guard tensor.dataLocation == .external else {
            throw ONNXNodeFailure("has external_data entries but data_location is not EXTERNAL")
        }
        if tensor.hasRawData { throw ONNXNodeFailure("is stored externally and also has raw_data") }
        var location: String?, offset: UInt64?, length: UInt64?
        for entry in tensor.externalData {
            switch entry.key {
            case "location":
                guard location == nil else { throw ONNXNodeFailure("external data gives 'location' twice") }
                location = entry.value
            case "offset":
                guard offset == nil else { throw ONNXNodeFailure("external data gives 'offset' twice") }
                offset = try ONNXExternalReference.byteCount(entry.value, key: "offset")
            case "length":
                guard length == nil else { throw ONNXNodeFailure("external data gives 'length' twice") }
                length = try ONNXExternalReference.byteCount(entry.value, key: "length")
            case "checksum":
                continue
            default:
                throw ONNXNodeFailure("external data has the unknown key '\(ONNXExternalReference.shown(entry.key))'; only location, offset, length and checksum are read")
            }
        }
        guard let location else { throw ONNXNodeFailure("is stored externally but external_data has no 'location'") }
        self.location = location
        self.components = try ONNXExternalReference.components(of: location)
        self.offset = offset ?? 0
        self.length = length
    }

    /// The longest location shown in an error; a hostile file can make it megabytes long.
    static let maximumShownLength = 200

    /// The components of a location that stays inside the model's folder by its spelling.
    private static func components(of location: String) throws -> [String] {
        let shown = "external data location '\(ONNXExternalReference.shown(location))'"
        guard !location.isEmpty else { throw ONNXNodeFailure("external data location is empty") }
        guard !location.utf8.contains(0) else { throw ONNXNodeFailure("\(shown) contains a NUL byte") }
        guard !location.hasPrefix("/") else {
            throw ONNXNodeFailure("\(shown) is an absolute path; only paths inside the model's folder are read")
        }
        guard !location.contains("\\") else {
            throw ONNXNodeFailure("\(shown) contains a backslash; paths are written with '/'")
        }
        let parts = location.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !parts.contains("..") else {
            throw ONNXNodeFailure("\(shown) has a '..' component; only paths inside the model's folder are read")
        }
        guard !parts.contains(where: { $0.isEmpty || $0 == "." }) else {
            throw ONNXNodeFailure("\(shown) has an empty or '.' component")
        }
        return parts
    }

    /// A decimal byte count, as ONNX writes `offset` and `length`.
    private static func byteCount(_ text: String, key: String) throws -> UInt64 {
        guard !text.isEmpty, text.utf8.allSatisfy({ (48...57).contains($0) }), let value = UInt64(text) else {
            throw ONNXNodeFailure("external data '\(key)' is '\(shown(text))', not a byte count")
        }
        return value
    }

    /// Text from the file, cut to `maximumShownLength` characters for an error line.
    static func shown(_ text: String) -> String {
        text.count <= maximumShownLength ? text : String(text.prefix(maximumShownLength)) + "…"
    }
}
