/// A file we cannot read or write, with the place in it: `file:line:column: message` for a
/// numeric place, `file: place: message` for a named one.
///
/// The place is whatever locates the fault in that format: `line:column` for YAML and CSV, a
/// node (`node 'fc1' (Gemm)`) or tensor for ONNX, a message path (`implicit.a[3].values`) for
/// our protobuf files, a member for NPZ, a byte offset for NPY. Numeric places follow the
/// compiler convention (`file:3:7:`); named places are set off by a space so that the line
/// reads as ONNX users expect (`model.onnx: node 'fc1' (Gemm): …`).
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
        guard let place else { return "\(file): \(text)" }
        if place.first?.isNumber == true { return "\(file):\(place): \(text)" }
        return "\(file): \(place): \(text)"
    }
}
