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
    /// The number of operations in `function`, a shared subexpression counted at each use:
    /// what one evaluation costs.
    let operationCount: Int

    /// The most operations a pending function may have. torch's longest decomposition
    /// (tanh-GELU) has 14; the bound keeps a hostile graph (`t = t·t` repeated, which doubles
    /// the cost of each evaluation) from making recognition exponential.
    static let maximumOperationCount = 256

    init(root: String, argument: ONNXDataValue, function: ONNXScalarFunction, operationCount: Int = 0) {
        self.root = root
        self.argument = argument
        self.function = function
        self.operationCount = operationCount
    }

    /// The same function of z after a shape operator (elementwise functions commute with them).
    func mapArgument(_ transform: (ONNXDataValue) throws -> ONNXDataValue) rethrows -> ONNXPointwise {
        ONNXPointwise(root: root, argument: try transform(argument), function: function, operationCount: operationCount)
    }

    /// True when both are functions of the same tensor, of the same shape.
    func sharesRoot(with other: ONNXPointwise) -> Bool {
        root == other.root && argument.layout == other.argument.layout && argument.featureDims == other.argument.featureDims
    }

    /// One more operation applied to f.
    /// - Throws: `ONNXNodeFailure` past `maximumOperationCount`.
    func applying(_ f: (ONNXScalarFunction) -> ONNXScalarFunction) throws -> ONNXPointwise {
        try ONNXPointwise.bounded(ONNXPointwise(root: root, argument: argument, function: f(function), operationCount: operationCount + 1))
    }

    static func bounded(_ p: ONNXPointwise) throws -> ONNXPointwise {
        guard p.operationCount <= maximumOperationCount else {
            throw ONNXNodeFailure("builds an elementwise function of '\(p.root)' of more than \(maximumOperationCount) operations, longer than any activation's decomposition: the result is not affine")
        }
        return p
    }
}
