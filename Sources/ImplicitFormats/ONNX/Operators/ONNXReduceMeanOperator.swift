import ImplicitModel

/// `ReduceMean` over feature axes of a tensor computed from the input (Keras' global average
/// pooling, a mean over channels): each output feature is the mean of the input features that
/// share its index on the kept axes, an affine map R (out × in) with entries 1/|reduced|.
/// Constants fold over any axes.
///
/// `axes` is an attribute before opset 18 and an input from it on; `keepdims` (default 1)
/// keeps reduced axes as extents of 1; from opset 18 `noop_with_empty_axes` = 1 makes a node
/// without axes the identity. Reducing the batch axis would mix samples and is refused.
enum ONNXReduceMeanOperator {
    static let translators: [String: ONNXOperatorRegistry.Translator] = ["ReduceMean": .firstOutput(reduceMean)]

    static func reduceMean(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(1...2)
        let keepDims = try context.int("keepdims", default: 1) != 0
        let noopWithoutAxes = try context.opset >= 18 && context.int("noop_with_empty_axes", default: 0) != 0
        let given = try context.integersMovedToInput("axes", input: 1, sinceOpset: 18)
        if (given ?? []).isEmpty && noopWithoutAxes { return try context.value(0) }

        if case .constant(let c) = try context.value(0) {
            let axes = try given.flatMap { $0.isEmpty ? nil : try ONNXNodeContext.normalizedAxes($0, rank: c.rank) } ?? Array(c.dims.indices)
            let (dims, groups) = reduction(c.dims, axes: axes, keepDims: keepDims)
            let means = groups.map { members in members.reduce(0) { $0 + c.values[$1] } / Double(max(members.count, 1)) }
            return .constant(ONNXConstant(dims: dims, values: means, dataType: c.dataType))
        }
        let x = try context.data(0)
        guard x.layout == .samplesInRows else {
            throw ONNXNodeFailure("ReduceMean of \(x.shapeDescription), which has samples in columns, is not supported")
        }
        let rank = x.featureDims.count + 1
        guard let list = given, !list.isEmpty else {
            throw ONNXNodeFailure("ReduceMean without axes reduces the batch axis of \(x.shapeDescription) too, mixing samples")
        }
        let axes = try ONNXNodeContext.normalizedAxes(list, rank: rank)
        guard !axes.contains(0) else { throw ONNXNodeFailure("reducing the batch axis 0 of \(x.shapeDescription) mixes samples") }
        let (dims, groups) = reduction(x.featureDims, axes: axes.map { $0 - 1 }, keepDims: keepDims)
        guard !dims.isEmpty else { throw ONNXNodeFailure("reducing every feature axis of \(x.shapeDescription) without keepdims leaves no feature axis") }
        try context.walker.checkFits(rows: groups.count, cols: x.size, what: "the mean")
        var r = Matrix(rows: groups.count, cols: x.size)
        for (i, members) in groups.enumerated() {
            for j in members { r[i, j] = 1 / Double(members.count) }
        }
        try context.walker.checkFits(rows: groups.count, cols: x.coefficientColumns, what: "the mean")
        return .data(ONNXDataValue(x.expression.leftMultiplied(by: r), layout: .samplesInRows, featureDims: dims))
    }

    /// The output extents, and for each output element (row-major) the flat input indices it
    /// averages.
    private static func reduction(_ dims: [Int], axes: [Int], keepDims: Bool) -> (dims: [Int], groups: [[Int]]) {
        let reduced = Set(axes)
        let kept = dims.indices.filter { !reduced.contains($0) }
        let outDims = keepDims ? dims.indices.map { reduced.contains($0) ? 1 : dims[$0] } : kept.map { dims[$0] }
        let keptDims = kept.map { dims[$0] }
        let keptStrides = ONNXConstant.strides(keptDims)
        var groups = [[Int]](repeating: [], count: keptDims.reduce(1, *))
        ONNXConstant.forEachIndex(of: dims) { index, flat in
            var group = 0
            for (k, axis) in kept.enumerated() { group += index[axis] * keptStrides[k] }
            groups[group].append(flat)
        }
        return (outDims, groups)
    }
}
