import ImplicitModel

/// Elementwise activations, which close their argument into a new layer (`Relu`, `LeakyRelu`,
/// `Tanh`), and the classifier heads: `Sigmoid` stays pending until its use decides between
/// head and layer; `Softmax` is accepted only as the head (it is not elementwise).
enum ONNXActivationOperators {
    static let translators: [String: ONNXOperatorRegistry.Translator] = [
        "Relu": { try activation($0, .relu) },
        "Tanh": { try activation($0, .tanh) },
        "LeakyRelu": leakyRelu,
        "Sigmoid": sigmoid,
        "Softmax": softmax,
    ]

    static func activation(_ context: ONNXNodeContext, _ phi: Activation) throws -> ONNXValue {
        try context.expectInputs(1...1)
        if case .constant(let c) = try context.value(0) { return .constant(c.mapped { phi($0) }) }
        return .data(try context.layer(try context.data(0), activation: phi))
    }

    /// LeakyRelu(alpha), alpha 0.01 by default. The attribute is a float32, used as stored.
    static func leakyRelu(_ context: ONNXNodeContext) throws -> ONNXValue {
        let alpha = try context.float("alpha", default: Double(Float(Activation.defaultLeakySlope)))
        guard alpha >= 0 else { throw ONNXNodeFailure("alpha = \(alpha) is negative; only slopes α ≥ 0 are supported") }
        return try activation(context, .leakyReLU(alpha: alpha))
    }

    static func sigmoid(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(1...1)
        switch try context.value(0) {
        case .constant(let c): return .constant(c.mapped { Activation.sigmoid.callAsFunction($0) })
        default: return .sigmoid(try context.data(0))
        }
    }

    /// Softmax over the feature axis: axis 1 (or −1) of an (N, k) tensor. Opsets before 13
    /// default to axis 1 and those from 13 to −1; both are the feature axis for (N, k).
    static func softmax(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(1...1)
        let axis = try context.int("axis", default: context.opset >= 13 ? -1 : 1)
        let x = try context.data(0)
        guard x.layout == .samplesInRows, x.featureDims.count == 1, axis == 1 || axis == -1 else {
            throw ONNXNodeFailure("Softmax(axis=\(axis)) of \(x.shapeDescription) is not over the features of an (N, k) tensor")
        }
        return .softmax(x)
    }
}
