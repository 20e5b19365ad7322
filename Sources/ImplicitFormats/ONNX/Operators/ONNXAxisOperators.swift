/// `Squeeze`, `Unsqueeze` and `Transpose`: operators that move no numbers of a tensor computed
/// from the input, only its extents. The batch axis 0 of an (N, d₁, …) tensor stays where it is;
/// constants (shape arithmetic, weights) fold along any axis.
///
/// `axes` is an attribute before opset 13 and an input from it on (`integersMovedToInput`).
/// A Transpose of a 2-D tensor computed from the input swaps samples in rows and samples in
/// columns, which Gemm and MatMul read (tf2onnx writes it around MatMul).
enum ONNXAxisOperators {
    static let translators: [String: ONNXOperatorRegistry.Translator] = [
        "Squeeze": .firstOutput(squeeze), "Unsqueeze": .firstOutput(unsqueeze), "Transpose": .firstOutput(transpose),
    ]

    /// Squeeze(axes): removes extents of 1 (all of them when axes is absent).
    static func squeeze(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(1...2)
        let axes = try context.integersMovedToInput("axes", input: 1, sinceOpset: 13)
        let value = try context.value(0)
        if case .shape(let s) = value { return try s.squeezed(axes: axes) }
        if case .constant(let c) = value {
            return .constant(try c.removingAxes(axes.map { try ONNXNodeContext.normalizedAxes($0, rank: c.rank) }
                                                ?? c.dims.indices.filter { c.dims[$0] == 1 }))
        }
        return try value.mapData { x in
            let dims = try rowDims(x, "Squeeze")
            // Without axes, every feature extent of 1 goes; the batch stays whatever N is.
            return try x.removingAxes(axes.map { try ONNXNodeContext.normalizedAxes($0, rank: dims.count) }
                                      ?? dims.indices.filter { $0 > 0 && dims[$0] == 1 })
        }
    }

    /// Unsqueeze(axes): inserts extents of 1 at the given positions of the output.
    static func unsqueeze(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(1...2)
        guard let axes = try context.integersMovedToInput("axes", input: 1, sinceOpset: 13) else {
            throw ONNXNodeFailure("'axes' is missing")
        }
        func inserted(_ dims: [Int]) throws -> [Int] {
            let positions = try ONNXNodeContext.normalizedAxes(axes, rank: dims.count + axes.count)
            var out: [Int] = [], source = dims.makeIterator()
            for k in 0..<(dims.count + axes.count) { out.append(positions.contains(k) ? 1 : (source.next() ?? 1)) }
            return out
        }
        if case .shape(let s) = try context.value(0) { return try s.unsqueezed(axes: axes) }
        if case .constant(let c) = try context.value(0) { return .constant(c.reshaped(try inserted(c.dims))) }
        return try context.value(0).mapData { x in
            let dims = try rowDims(x, "Unsqueeze")
            guard try !ONNXNodeContext.normalizedAxes(axes, rank: dims.count + axes.count).contains(0) else {
                throw ONNXNodeFailure("inserting an axis before the batch axis of \(x.shapeDescription) is not supported")
            }
            return x.with(featureDims: Array(try inserted(dims).dropFirst()))
        }
    }

    /// Transpose(perm), perm reversing the axes by default.
    static func transpose(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(1...1)
        let given = try context.ints("perm")
        if case .constant(let c) = try context.value(0) {
            let perm = given ?? Array(c.dims.indices.reversed())
            guard perm.sorted() == Array(c.dims.indices) else { throw ONNXNodeFailure("perm \(perm) is not a permutation of \(c.rank) axes") }
            return .constant(c.permuted(perm))
        }
        return try context.value(0).mapData { x in
            let rank = x.rank
            let perm = given ?? Array((0..<rank).reversed())
            guard perm.sorted() == Array(0..<rank) else { throw ONNXNodeFailure("perm \(perm) is not a permutation of \(rank) axes") }
            if perm == Array(0..<rank) { return x }
            guard rank == 2 else {
                throw ONNXNodeFailure("Transpose(perm=\(perm)) of \(x.shapeDescription) moves features across axes; only the identity or swapping the axes of a 2-D tensor is supported")
            }
            return x.with(layout: x.layout == .samplesInRows ? .samplesInColumns : .samplesInRows, featureDims: x.featureDims)
        }
    }

    /// (N, d₁, …) as the list [1, d₁, …] with the batch at 0 (its extent is irrelevant here).
    private static func rowDims(_ x: ONNXDataValue, _ op: String) throws -> [Int] {
        guard x.layout == .samplesInRows else {
            throw ONNXNodeFailure("\(op) of \(x.shapeDescription), which has samples in columns, is not supported")
        }
        return [1] + x.featureDims
    }
}

extension ONNXConstant {
    /// The tensor with its axes reordered: output axis k is input axis perm[k] (NumPy's transpose).
    func permuted(_ perm: [Int]) -> ONNXConstant {
        let outDims = perm.map { dims[$0] }
        let inStrides = ONNXConstant.strides(dims)
        var out = [Double](repeating: 0, count: values.count)
        ONNXConstant.forEachIndex(of: outDims) { index, flat in
            var source = 0
            for k in perm.indices { source += index[k] * inStrides[perm[k]] }
            out[flat] = values[source]
        }
        return ONNXConstant(dims: outDims, values: out, dataType: dataType)
    }
}
