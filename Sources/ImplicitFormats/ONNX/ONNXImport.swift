import ImplicitModel

/// What `ONNXImporter` gives: the network, the graph output it follows, and remarks.
public struct ONNXImport: Sendable {
    /// The network; its input and readout carry the graph's input and output names.
    public let network: Network
    /// The graph output the network computes.
    public let outputName: String
    /// Remarks the user should see (for example how skl2onnx's multi-output reshape was read).
    public let notes: [String]
    /// float32 when the file stored every floating-point number as FLOAT.
    public var weightPrecision: WeightPrecision = .float64
}
