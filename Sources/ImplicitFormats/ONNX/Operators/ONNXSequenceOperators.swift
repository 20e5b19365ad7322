/// `SequenceAt` and `Mod`: the legacy PyTorch exporter writes `torch.tensor_split(h, 3, dim=1)`
/// as a `SplitToSequence` (`ONNXSplitOperator`) of sizes computed from the shape, read back
/// part by part with SequenceAt; `Mod` folds the size arithmetic, on constants only.
enum ONNXSequenceOperators {
    static let translators: [String: ONNXOperatorRegistry.Translator] = [
        "SequenceAt": .firstOutput(sequenceAt), "Mod": .firstOutput(mod),
    ]

    /// SequenceAt(sequence, position): negative positions count from the end.
    static func sequenceAt(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(2...2)
        guard case .sequence(let parts) = try context.value(0) else {
            throw ONNXNodeFailure("input '\(context.node.input[0])' is not a sequence")
        }
        let position = try context.constant(1, what: "the position")
        guard position.isInteger, position.count == 1, let given = try position.integers(what: "the position").first else {
            throw ONNXNodeFailure("the position must be one integer")
        }
        guard let k = ONNXNodeContext.position(given, countedFromEndOf: parts.count) else {
            throw ONNXNodeFailure("position \(given) is out of range for a sequence of \(parts.count)")
        }
        return parts[k]
    }

    /// Mod(a, b) of integer constants: the sign of the divisor (Python's %) unless fmod=1,
    /// then the sign of the dividend (C's fmod); a zero divisor is refused.
    static func mod(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(2...2)
        let fmod = try context.int("fmod", default: 0) != 0
        let a = try context.constant(0, what: "the dividend"), b = try context.constant(1, what: "the divisor")
        guard b.values.allSatisfy({ $0 != 0 }) else { throw ONNXNodeFailure("the divisor has a zero") }
        guard fmod || (a.isInteger && b.isInteger) else { throw ONNXNodeFailure("Mod of floating-point tensors needs fmod=1") }
        return .constant(try ONNXConstant.elementwise(a, b, memory: context.walker.memory) { x, y in
            let r = x.truncatingRemainder(dividingBy: y)
            return fmod || r == 0 || (r < 0) == (y < 0) ? r : r + y
        })
    }
}
