/// `Split`: one tensor into consecutive parts along an axis, one part per node output. Parts
/// of a tensor computed from the input are row selections of its expression (a feature axis
/// only: splitting the batch axis would give parts with other samples); a pending sigmoid
/// stays pending, part by part (σ commutes with selection), a pending elementwise function
/// becomes its layer first; constants fold along any axis.
///
/// The part sizes, per the ONNX operator changelog:
/// - before opset 13 the optional attribute `split` (sizes), from 13 on the optional input 2;
/// - from opset 18 the attribute `num_outputs` instead: parts of ⌈d / num_outputs⌉ with the
///   last one smaller when d does not divide (not torch.chunk's rule, which drops parts:
///   torch's exporter writes explicit sizes for those);
/// - with neither, equal parts, one per output; an extent they do not divide is refused.
/// The axis defaults to 0 and counts from the end when negative.
///
/// `SplitToSequence` cuts the same parts into one sequence value, which `SequenceAt` reads
/// (`ONNXSequenceOperators`): the legacy PyTorch exporter writes `torch.tensor_split` so.
enum ONNXSplitOperator {
    static let translators: [String: ONNXOperatorRegistry.Translator] = [
        "Split": .everyOutput(split), "SplitToSequence": .firstOutput(splitToSequence),
    ]

    /// The opset that moved `split` from an attribute to input 2.
    static let sizesAsInputSinceOpset = 13
    /// The opset that added `num_outputs`.
    static let numOutputsSinceOpset = 18

    static func split(_ context: ONNXNodeContext) throws -> [ONNXValue] {
        try context.expectInputs(1...2)
        let outputs = context.node.output.count
        guard outputs >= 1 else { throw ONNXNodeFailure("has no outputs") }
        let source = try splittable(context)
        let sizes = try partSizes(context, extent: source.extent, outputs: outputs, axis: source.givenAxis)
        return try parts(of: source.value, axis: source.axis, sizes: sizes)
    }

    /// SplitToSequence(input, split?): a scalar split cuts parts of that size (the last one
    /// smaller), a 1-D split gives the sizes, none cuts parts of 1 (removing the axis when
    /// keepdims is 0).
    static func splitToSequence(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(1...2)
        let source = try splittable(context)
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
        let cut = try parts(of: source.value, axis: source.axis, sizes: checked(sizes, extent: source.extent, axis: source.givenAxis))
        return .sequence(removesAxis ? try cut.map { try $0.removingAxes([source.axis]) } : cut)
    }

    /// Input 0 as a value that can be cut along the `axis` attribute (default 0): the value
    /// (a pending elementwise function made a layer), the normalised axis and its extent.
    private static func splittable(_ context: ONNXNodeContext) throws -> (value: ONNXValue, axis: Int, givenAxis: Int, extent: Int) {
        var value = try context.value(0)
        if case .softmax = value {
            throw ONNXNodeFailure("splits the Softmax output '\(context.node.input[0])'; Softmax is supported only as the output head")
        }
        // A pending elementwise function becomes its layer first: its parts would keep the
        // identity of the whole (`ONNXPointwise.root`), and x·σ(x) must not match two halves.
        if case .pointwise = value { value = .data(try context.data(0)) }
        let rank: Int
        if case .constant(let c) = value {
            rank = c.rank
        } else if let x = value.dataPart {
            rank = x.rank
        } else {
            _ = try context.data(0)
            throw ONNXNodeFailure("input '\(context.node.input[0])' is not a tensor")
        }
        let given = try context.int("axis", default: 0)
        let axis = try ONNXNodeContext.normalizedAxis(given, rank: rank)
        if case .constant(let c) = value { return (value, axis, given, c.dims[axis]) }
        guard let extent = value.dataPart?.extent(ofAxis: axis) else {
            throw ONNXNodeFailure("splits the batch axis \(given) of a tensor computed from the input; only a feature axis can be split into parts")
        }
        return (value, axis, given, extent)
    }

    /// Consecutive parts of `sizes` (checked) along `axis`: row selections, or folded constants.
    private static func parts(of value: ONNXValue, axis: Int, sizes: [Int]) throws -> [ONNXValue] {
        var start = 0
        return try sizes.map { size in
            let indices = Array(start..<(start + size))
            start += size
            if case .constant(let c) = value { return .constant(c.taking(indices, alongAxis: axis)) }
            return try value.mapData { try $0.taking(indices, alongFeatureAxis: axis) }
        }
    }

    /// The sizes of the parts along an axis of `extent`, checked: as many as the outputs,
    /// positive, summing to the extent.
    private static func partSizes(_ context: ONNXNodeContext, extent: Int, outputs: Int, axis: Int) throws -> [Int] {
        let numOutputs: Int?
        if context.attribute("num_outputs") != nil {
            guard context.opset >= numOutputsSinceOpset else {
                throw ONNXNodeFailure("gives the attribute 'num_outputs', which opset \(context.opset) does not have (Split has it from opset \(numOutputsSinceOpset) on)")
            }
            numOutputs = try context.int("num_outputs", default: 0)
        } else {
            numOutputs = nil
        }
        let explicit = try context.integersMovedToInput("split", input: 1, sinceOpset: sizesAsInputSinceOpset)
        let sizes: [Int]
        switch (explicit, numOutputs) {
        case (.some, .some):
            throw ONNXNodeFailure("gives both 'split' and 'num_outputs'; the operator takes one of them")
        case (.some(let given), nil):
            sizes = given
        case (nil, .some(let n)):
            guard n == outputs else { throw ONNXNodeFailure("num_outputs=\(n) but the node has \(outputs) outputs") }
            guard n >= 1 else { throw ONNXNodeFailure("num_outputs=\(n) is not positive") }
            let chunk = (extent + n - 1) / n
            sizes = (0..<n).map { k in max(0, min(chunk, extent - k * chunk)) }
        case (nil, nil):
            guard extent % outputs == 0 else {
                throw ONNXNodeFailure("splits an extent of \(extent) along axis \(axis) into \(outputs) equal parts, which does not divide; give the part sizes")
            }
            sizes = [Int](repeating: extent / outputs, count: outputs)
        }
        guard sizes.count == outputs else {
            throw ONNXNodeFailure("gives \(sizes.count) part sizes \(sizes) for \(outputs) outputs")
        }
        return try checked(sizes, extent: extent, axis: axis)
    }

    /// `sizes` when they are positive and add up to `extent`.
    private static func checked(_ sizes: [Int], extent: Int, axis: Int) throws -> [Int] {
        guard sizes.allSatisfy({ $0 >= 0 && $0 <= extent }),
              sizes.reduce(0, { $0.addingReportingOverflow($1).partialValue }) == extent else {
            throw ONNXNodeFailure("the part sizes \(sizes) do not add up to the extent \(extent) of axis \(axis)")
        }
        if let empty = sizes.firstIndex(of: 0) {
            throw ONNXNodeFailure("part \(empty + 1) of the sizes \(sizes) along axis \(axis) is empty; empty tensors are not supported")
        }
        return sizes
    }
}

extension ONNXValue {
    /// The affine tensor a value is made of, pending functions included; nil for constants
    /// and other graph inputs.
    var dataPart: ONNXDataValue? {
        switch self {
        case .data(let d), .sigmoid(let d), .softmax(let d): return d
        case .pointwise(let p): return p.argument
        default: return nil
        }
    }
}
