/// A file we cannot read or write, with the place in it: `file:place: message`.
///
/// The place is whatever locates the fault in that format: `line:column` for YAML and CSV, a
/// node (`node 'fc1' (Gemm)`) or tensor for ONNX, a member for NPZ, a byte offset for NPY.
public struct FormatError: Error, CustomStringConvertible, Equatable, Sendable {
    public let file: String
    public let place: String?
    public let message: String

    public init(file: String, place: String? = nil, _ message: String) {
        self.file = file
        self.place = place
        self.message = message
    }

    /// One line, as the CLI prints it after `error: `.
    public var description: String {
        let text = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        if let place { return "\(file):\(place): \(text)" }
        return "\(file): \(text)"
    }
}
