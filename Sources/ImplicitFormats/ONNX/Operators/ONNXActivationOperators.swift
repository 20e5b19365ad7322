import ImplicitModel

/// Elementwise activations, which close their argument into a new layer (`Relu`, `Tanh`,
/// `Elu`, `Gelu`, …), and the classifier heads: `Sigmoid` stays pending until its use decides
/// between head and layer; `Softmax` likewise: the head at the output, else a softmax block map
/// (`ONNXNodeContext.data`; it is not elementwise).
///
/// Attributes are float32 in ONNX and used as stored (PyTorch's Hardsigmoid writes
/// α = 0.16666667). Operators that are parts of exporters' decompositions (`Tanh` of a pending
/// expression, `Sigmoid`, `Softplus`, `Erf`, `Abs`) are in `ONNXPointwiseOperators`.
enum ONNXActivationOperators {
    static let translators: [String: ONNXOperatorRegistry.Translator] = [
        "Relu": .firstOutput { try activation($0, .relu) },
        "LeakyRelu": .firstOutput(leakyRelu),
        "Softsign": .firstOutput { try activation($0, .softsign) },
        "HardSwish": .firstOutput { try activation($0, .hardSwish) },
        "Mish": .firstOutput { try activation($0, .mish) },
        "Gelu": .firstOutput(gelu),
        "Elu": .firstOutput { try activation($0, .elu(alpha: try $0.float("alpha", default: Activation.defaultELUAlpha))) },
        "Celu": .firstOutput(celu),
        "Selu": .firstOutput(selu),
        "HardSigmoid": .firstOutput(hardSigmoid),
        "ThresholdedRelu": .firstOutput {
            try activation($0, .thresholdedReLU(alpha: try $0.float("alpha", default: Activation.defaultThresholdAlpha)))
        },
        "Softmax": .firstOutput(softmax),
    ]

    /// φ of input 0: folded when it is a constant, else a new layer.
    static func activation(_ context: ONNXNodeContext, _ phi: Activation) throws -> ONNXValue {
        try context.expectInputs(1...1)
        if case .constant(let c) = try context.value(0) { return .constant(c.mapped { phi($0) }) }
        return .data(try context.layer(try context.data(0), activation: phi))
    }

    /// LeakyRelu(alpha), alpha 0.01 by default.
    static func leakyRelu(_ context: ONNXNodeContext) throws -> ONNXValue {
        let alpha = try context.float("alpha", default: Double(Float(Activation.defaultLeakySlope)))
        guard alpha >= 0 else { throw ONNXNodeFailure("alpha = \(alpha) is negative; only slopes α ≥ 0 are supported") }
        return try activation(context, .leakyReLU(alpha: alpha))
    }

    /// Gelu (opset 20): `approximate` is "none" (the erf form) or "tanh".
    static func gelu(_ context: ONNXNodeContext) throws -> ONNXValue {
        switch try context.string("approximate", default: "none") {
        case "none": return try activation(context, .gelu)
        case "tanh": return try activation(context, .geluTanh)
        case let other: throw ONNXNodeFailure("attribute approximate=\"\(other)\" is not one of \"none\", \"tanh\"")
        }
    }

    /// Celu(alpha), α > 0 (it divides z).
    static func celu(_ context: ONNXNodeContext) throws -> ONNXValue {
        let alpha = try context.float("alpha", default: Activation.defaultELUAlpha)
        guard alpha > 0, alpha.isFinite else { throw ONNXNodeFailure("alpha = \(alpha) is not a positive number") }
        return try activation(context, .celu(alpha: alpha))
    }

    /// Selu with PyTorch's constants (the ONNX defaults): `selu` has no parameters, so other
    /// α or γ are refused rather than rounded to it.
    static func selu(_ context: ONNXNodeContext) throws -> ONNXValue {
        let alpha = try context.float("alpha", default: Activation.seluAlpha)
        let gamma = try context.float("gamma", default: Activation.seluScale)
        guard matchesFloat32(alpha, Activation.seluAlpha), matchesFloat32(gamma, Activation.seluScale) else {
            throw ONNXNodeFailure("Selu(alpha=\(alpha), gamma=\(gamma)) differs from PyTorch's SELU constants (alpha=\(Activation.seluAlpha), gamma=\(Activation.seluScale)); only those are supported")
        }
        return try activation(context, .selu)
    }

    /// HardSigmoid max(0, min(1, αz + β)), ONNX defaults α = 0.2, β = 0.5.
    static func hardSigmoid(_ context: ONNXNodeContext) throws -> ONNXValue {
        let alpha = try context.float("alpha", default: Activation.defaultHardSigmoid.alpha)
        let beta = try context.float("beta", default: Activation.defaultHardSigmoid.beta)
        guard alpha.isFinite, beta.isFinite else { throw ONNXNodeFailure("alpha = \(alpha), beta = \(beta) are not finite") }
        return try activation(context, .hardSigmoid(alpha: alpha, beta: beta))
    }

    /// Softmax over all features of each sample (`ONNXSoftmaxAxis`: the axis semantics of
    /// opsets before 13 and from 13 on), kept pending with its extents: a later Flatten or
    /// Reshape to (N, k) keeps it the head.
    static func softmax(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(1...1)
        let x = try context.data(0)
        try ONNXSoftmaxAxis.checkNormalisesEachSample(context, x)
        return .softmax(x)
    }

    /// True when `stored` is `exact` rounded to float32 (or `exact` itself): the relative
    /// spacing of float32 is 2⁻²³ ≈ 1.2e-7.
    static func matchesFloat32(_ stored: Double, _ exact: Double) -> Bool {
        abs(stored - exact) <= float32RoundingTolerance * abs(exact)
    }

    /// Half a float32 ulp, relative, with a factor 2 of slack.
    static let float32RoundingTolerance = 1.2e-7
}
