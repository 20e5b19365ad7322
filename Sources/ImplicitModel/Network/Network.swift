/// A feedforward network: a DAG of layers, each `activation(Σ W · source + bias)` over the input
/// and other layers, and an affine readout.
///
/// Layers may be listed in any order; `topologicalOrder()` sorts them and rejects cycles.
public struct Network: Sendable, Equatable {
    public var input: Port
    public var layers: [Layer]
    public var output: Readout

    public init(input: Port, layers: [Layer], output: Readout) {
        self.input = input
        self.layers = layers
        self.output = output
    }

    /// Total number of weights and biases.
    public var parameterCount: Int {
        layers.reduce(0) { $0 + $1.bias.count + $1.terms.reduce(0) { $0 + $1.weight.count } }
            + output.bias.count + output.terms.reduce(0) { $0 + $1.weight.count }
    }
}
