/// Why one node (or tensor) cannot be converted; the walker adds the file and the node
/// (`model.onnx: node 'fc1' (Gemm): …`) when it turns this into a `FormatError`.
struct ONNXNodeFailure: Error, CustomStringConvertible, Sendable {
    let message: String
    /// `.exceedsMemoryLimit` when the node would allocate beyond the memory limit.
    let kind: FormatError.Kind

    init(_ message: String) {
        self.message = message
        self.kind = .invalid
    }

    /// A refusal to allocate `subject` ("tiling (2, 3) by [4, 1]") beyond the memory limit.
    init(refusing subject: String, _ shortfall: MemoryShortfall) {
        self.message = subject + " " + shortfall.description
        self.kind = .exceedsMemoryLimit(shortfall)
    }

    var description: String { message }

    /// The failure as an error of `file` at `place` (a node, an initializer, the output).
    func error(in file: String, at place: String) -> FormatError {
        FormatError(file: file, location: [.path(place)], message: message, kind: kind)
    }
}
