/// The value of one tensor during import.
enum ONNXValue: Sendable {
    /// Known without the input: an initializer, a Constant, or folded from them.
    case constant(ONNXConstant)
    /// Affine in the input and the layers made so far.
    case data(ONNXDataValue)
    /// σ of an affine tensor, not yet a layer. It becomes the sigmoid head if it reaches the
    /// chosen output through shape operators only (or as the `[1 − p, p]` of a binary
    /// classifier, σ(−z) and σ(z)); any other use turns it into a sigmoid layer.
    case sigmoid(ONNXDataValue)
    /// f(z) elementwise for an affine tensor z, a piece of an exporter's decomposition of an
    /// activation (`x·Sigmoid(x)`, `x·0.5·(1 + Erf(x/√2))`): it becomes a layer of the
    /// activation it is when a use needs an affine tensor, and is refused if it is none.
    case pointwise(ONNXPointwise)
    /// softmax over the features of an affine tensor: the head if it reaches the output, a
    /// softmax block map (`StateMap.softmax`) when anything else reads it.
    case softmax(ONNXDataValue)
    /// A graph input other than the model's input: weights fed as inputs, or a second input.
    case otherGraphInput(String)
    /// Extents that include the batch extent N, which the model does not fix (`Shape`).
    case shape(ONNXShapeValue)
    /// The parts `SplitToSequence` makes, read one by one by `SequenceAt`.
    case sequence([ONNXValue])

    /// True unless the value is a constant.
    var dependsOnInput: Bool {
        if case .constant = self { return false }
        return true
    }

    /// Applies a shape-only change to the affine part, keeping a pending sigmoid, softmax or
    /// elementwise function (which commute with shape changes).
    func mapData(_ transform: (ONNXDataValue) throws -> ONNXDataValue) rethrows -> ONNXValue {
        switch self {
        case .data(let d): return .data(try transform(d))
        case .sigmoid(let d): return .sigmoid(try transform(d))
        case .softmax(let d): return .softmax(try transform(d))
        case .pointwise(let p): return .pointwise(try p.mapArgument(transform))
        case .constant, .otherGraphInput, .shape, .sequence: return self
        }
    }
}

extension ONNXValue {
    /// The buffers of doubles the value holds, by where they are stored and how many numbers
    /// each holds: a constant's elements, an expression's coefficients and constant vector
    /// (a selection such as `I · source` holds none or one per row).
    var numberBuffers: [(identity: UnsafeRawPointer?, count: Int)] {
        switch self {
        case .constant(let c): return [(c.values.storageIdentity, c.values.count)]
        case .pointwise(let p):
            return ONNXValue.data(p.argument).numberBuffers
        case .data(let d), .sigmoid(let d), .softmax(let d):
            let e = d.expression
            return [(e.constant.storageIdentity, e.constant.count)] + e.terms.map(\.coefficient.storage)
        case .otherGraphInput, .shape: return []
        case .sequence(let parts): return parts.flatMap(\.numberBuffers)
        }
    }
}

extension Array where Element == Double {
    /// Where the elements are stored, to tell a copy not yet written to (which shares its
    /// buffer) from new numbers. Only compared, never dereferenced.
    var storageIdentity: UnsafeRawPointer? {
        withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
    }
}
