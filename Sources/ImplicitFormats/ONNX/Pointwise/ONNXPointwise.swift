/// A tensor that is f(z) elementwise, z being one earlier tensor, `root`: a piece of an
/// exporter's decomposition of an activation, pending until a use needs an affine tensor.
///
/// Two tensors combine into one pending value only when they have the same root, the same
/// tensor of the graph (ONNX names every tensor once), so `x·Sigmoid(x)` is recognised and
/// `x·Sigmoid(y)` is not, whatever the shapes.
struct ONNXPointwise: Sendable {
    /// The name of the tensor z.
    let root: String
    /// z's value: an affine tensor.
    let argument: ONNXDataValue
    let function: ONNXScalarFunction

    /// The same function of z after a shape operator (elementwise functions commute with them).
    func mapArgument(_ transform: (ONNXDataValue) throws -> ONNXDataValue) rethrows -> ONNXPointwise {
        ONNXPointwise(root: root, argument: try transform(argument), function: function)
    }

    /// `f ⊕ g` of two functions of the same root; nil when the roots or shapes differ.
    func combined(with other: ONNXPointwise, _ op: (ONNXScalarFunction, ONNXScalarFunction) -> ONNXScalarFunction) -> ONNXPointwise? {
        guard root == other.root, argument.layout == other.argument.layout, argument.featureDims == other.argument.featureDims else {
            return nil
        }
        return ONNXPointwise(root: root, argument: argument, function: op(function, other.function))
    }

    func applying(_ f: (ONNXScalarFunction) -> ONNXScalarFunction) -> ONNXPointwise {
        ONNXPointwise(root: root, argument: argument, function: f(function))
    }
}
