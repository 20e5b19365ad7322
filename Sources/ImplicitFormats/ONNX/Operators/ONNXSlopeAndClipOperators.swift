import ImplicitModel

/// The activations whose parameters are tensors: `PRelu` (a slope tensor) and `Clip` (bounds
/// as attributes before opset 11, as optional inputs since).
enum ONNXSlopeAndClipOperators {
    static let translators: [String: ONNXOperatorRegistry.Translator] = ["PRelu": .firstOutput(prelu), "Clip": .firstOutput(clip)]

    /// PRelu(x, slope): z for z > 0, s·z otherwise, the slope broadcast to x's features
    /// (PyTorch writes (1,) for one slope, (C,) or (1, C) for one per unit). Any real slope is
    /// accepted (above 1 or negative, as training may leave it). Slopes that differ between the
    /// units make one layer whose states each carry their own `leaky_relu:s` (`StateMap.perState`).
    static func prelu(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(2...2)
        let slope = try context.constant(1, what: "the slope")
        guard slope.values.allSatisfy(\.isFinite) else { throw ONNXNodeFailure("the slope '\(context.node.input[1])' has a value that is not finite") }
        if case .constant(let c) = try context.value(0) {
            return .constant(try ONNXConstant.elementwise(c, slope, memory: context.walker.memory) { z, s in z > 0 ? z : s * z })
        }
        let x = try context.data(0)
        let perUnit = try x.perFeature(slope, what: "the slope '\(context.node.input[1])'")
        let activations = perUnit.map { Activation.leakyReLU(alpha: $0) }
        if let first = activations.first, activations.allSatisfy({ $0 == first }) {
            return .data(try context.layer(x, activation: first))
        }
        return .data(try context.layer(x, activations: activations))
    }

    /// Clip(x, min, max) = min(max(x, lo), hi); an absent bound is infinite.
    static func clip(_ context: ONNXNodeContext) throws -> ONNXValue {
        let lower: Double, upper: Double
        if context.opset < 11 {
            try context.expectInputs(1...1)
            lower = try context.float("min", default: -.infinity)
            upper = try context.float("max", default: .infinity)
        } else {
            try context.expectInputs(1...3)
            lower = try bound(context, 1, what: "the lower bound", absent: -.infinity)
            upper = try bound(context, 2, what: "the upper bound", absent: .infinity)
        }
        guard !lower.isNaN, !upper.isNaN, lower <= upper, lower < .infinity, upper > -.infinity else {
            throw ONNXNodeFailure("Clip bounds [\(lower), \(upper)] are not an interval")
        }
        let phi = Activation.clip(lower: lower, upper: upper)
        if case .constant(let c) = try context.value(0) { return .constant(c.mapped { phi($0) }) }
        return .data(try context.layer(try context.data(0), activation: phi))
    }

    /// A scalar bound given as an optional input ("" or missing: `absent`).
    private static func bound(_ context: ONNXNodeContext, _ i: Int, what: String, absent: Double) throws -> Double {
        guard context.hasInput(i) else { return absent }
        let c = try context.constant(i, what: what)
        guard c.count == 1 else { throw ONNXNodeFailure("\(what) '\(context.node.input[i])' has shape \(c.shapeDescription); Clip takes a scalar") }
        return c.values[0]
    }
}
