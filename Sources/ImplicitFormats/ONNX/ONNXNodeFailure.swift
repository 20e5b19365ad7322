/// Why one node (or tensor) cannot be converted; the walker adds the file and the node
/// (`model.onnx: node 'fc1' (Gemm): …`) when it turns this into a `FormatError`.
struct ONNXNodeFailure: Error, CustomStringConvertible, Sendable {
    let message: String

    init(_ message: String) { self.message = message }

    var description: String { message }
}
