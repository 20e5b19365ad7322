/// `SplitToSequence` and `SequenceAt`: the legacy PyTorch exporter writes
/// `torch.tensor_split(h, 3, dim=1)` as a SplitToSequence of sizes computed from the shape,
/// read back part by part with SequenceAt. The parts are those of `Split` (row selections of
/// a feature axis, folded constants); `Mod` folds the size arithmetic, on constants only.
enum ONNXSequenceOperators {
    static let translators: [String: ONNXOperatorRegistry.Translator] = [
        "SplitToSequence": splitToSequence, "SequenceAt": sequenceAt, "Mod": mod,
    ]

    /// SplitToSequence(input, split?): a scalar split cuts parts of that size (the last one
    /// smaller), a 1-D split gives the sizes, none cuts parts of 1 (removing the axis when
    /// keepdims is 0).
    static func splitToSequence(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(1...2)
        let source = try ONNXSplitOperator.splittable(context)
        var removesAxis = false
        let sizes: [Int]
        if context.hasInput(1) {
            let split = try context.constant(1, what: "'split'")
            guard split.isInteger, split.rank <= 1 else { throw ONNXNodeFailure("'split' must be an integer scalar or 1-D tensor, not \(split.shapeDescription)") }
            let values = try split.integers(what: "'split'")
            if split.rank == 0 {
                guard let chunk = values.first, chunk >= 1 else { throw ONNXNodeFailure("the part size \(values) is not positive") }
                sizes = stride(from: 0, to: source.extent, by: chunk).map { min(chunk, source.extent - $0) }
            } else {
                sizes = values
            }
        } else {
            sizes = [Int](repeating: 1, count: source.extent)
            removesAxis = try context.int("keepdims", default: 1) == 0
        }
        var parts = try ONNXSplitOperator.parts(of: source.value, axis: source.axis,
                                                sizes: ONNXSplitOperator.checked(sizes, extent: source.extent, axis: source.givenAxis))
        if removesAxis { parts = try parts.map { try $0.removingAxes([source.axis]) } }
        return .sequence(parts)
    }

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
