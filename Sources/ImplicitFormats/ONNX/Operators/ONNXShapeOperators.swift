/// Operators that move no numbers: `Identity`, `Dropout` (inference), `Cast` (to float or
/// double), `Flatten` and `Reshape` (keeping the batch axis). They keep a pending sigmoid or
/// softmax pending, so a head followed by `Identity` or `Reshape` is still the head.
enum ONNXShapeOperators {
    static let translators: [String: ONNXOperatorRegistry.Translator] = [
        "Identity": .firstOutput(identity), "Dropout": .firstOutput(dropout), "Cast": .firstOutput(cast),
        "Flatten": .firstOutput(flatten), "Reshape": .firstOutput(reshape),
    ]

    static func identity(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(1...1)
        return try context.value(0)
    }

    /// Dropout in inference is the identity; a constant training_mode of true is refused.
    static func dropout(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(1...3)
        if context.hasInput(2) {
            let training = try context.constant(2, what: "training_mode")
            guard training.values.allSatisfy({ $0 == 0 }) else {
                throw ONNXNodeFailure("training_mode is true: training-mode dropout is random, not affine")
            }
        }
        return try context.value(0)
    }

    static func cast(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(1...1)
        guard context.attribute("to") != nil else { throw ONNXNodeFailure("attribute 'to' is missing") }
        let target = Int32(truncatingIfNeeded: try context.int("to", default: 0))
        let value = try context.value(0)
        if case .shape = value, target == ONNXDataType.int64 || target == ONNXDataType.int32 { return value }
        guard case .constant(let c) = value else {
            guard target == ONNXDataType.float || target == ONNXDataType.double else {
                throw ONNXNodeFailure("casts a tensor computed from the input to \(ONNXDataType.name(target)); only FLOAT and DOUBLE are supported")
            }
            return value
        }
        switch target {
        case ONNXDataType.float:
            return .constant(ONNXConstant(dims: c.dims, values: c.values.map { Double(Float($0)) }, dataType: target))
        case ONNXDataType.double:
            return .constant(ONNXConstant(dims: c.dims, values: c.values, dataType: target))
        case ONNXDataType.int64, ONNXDataType.int32:
            return .constant(ONNXConstant(dims: c.dims, values: c.values.map { $0.rounded(.towardZero) }, dataType: target))
        default:
            throw ONNXNodeFailure("casts a constant to \(ONNXDataType.name(target)); only FLOAT, DOUBLE, INT64 and INT32 are supported")
        }
    }

    /// Flatten(axis): (d₀…d_{a−1}, d_a…) → (∏ d₀…d_{a−1}, ∏ d_a…). Keeps the batch only for axis 1
    /// (or when the axes folded into it are all 1).
    static func flatten(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(1...1)
        let axis = try context.int("axis", default: 1)
        if case .constant(let c) = try context.value(0) {
            let a = try ONNXNodeContext.normalizedAxis(axis, rank: c.rank, includingEnd: true)
            return .constant(c.reshaped([c.dims[..<a].reduce(1, *), c.dims[a...].reduce(1, *)]))
        }
        return try context.value(0).mapData { x in
            let rank = x.rank
            let a = try ONNXNodeContext.normalizedAxis(axis, rank: rank, includingEnd: true)
            switch x.layout {
            case .samplesInRows:
                guard a >= 1, a < rank, x.featureDims[..<(a - 1)].allSatisfy({ $0 == 1 }) else {
                    throw ONNXNodeFailure("Flatten(axis=\(axis)) of \(x.shapeDescription) would merge samples with features; only axis 1 is supported")
                }
                return x.with(featureDims: [x.size])
            case .samplesInColumns:
                guard a == 1 else {
                    throw ONNXNodeFailure("Flatten(axis=\(axis)) of \(x.shapeDescription) would merge samples with features")
                }
                return x
            }
        }
    }

    /// Reshape to a shape that keeps the batch axis: (0, …), (−1, …) with the features all
    /// accounted for, or (batch, …) for a fixed batch extent. skl2onnx's multi-output regressor
    /// quirk — `Reshape(−1, 1)` of (N, q) as the graph output — is read as (N, q): see the note.
    static func reshape(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(2...2)
        let allowZero = try context.int("allowzero", default: 0) != 0
        // `x.view(x.size(0), -1)` from the legacy exporter: the batch extent N, first.
        var batchFirst = false
        let shape: [Int]
        if case .shape(let s) = try context.value(1), let target = s.reshapeTargetKeepingBatch {
            (shape, batchFirst) = (target, true)
        } else {
            shape = try context.constant(1, what: "the shape").integers(what: "the shape")
        }
        if case .constant(let c) = try context.value(0) {
            guard !batchFirst else { throw ONNXNodeFailure("reshapes a constant to a shape that holds the batch size N") }
            return .constant(c.reshaped(try resolve(shape, dims: c.dims, allowZero: allowZero)))
        }
        return try context.value(0).mapData { x in
            guard x.layout == .samplesInRows else {
                throw ONNXNodeFailure("reshaping \(x.shapeDescription), which has samples in columns, is not supported")
            }
            let features = x.size
            guard let first = shape.first else { throw ONNXNodeFailure("the shape is empty; a scalar has no batch axis") }
            let rest = Array(shape.dropFirst())
            let keepsBatch = batchFirst || (first == 0 && !allowZero) || (first == context.batchSize)
            if keepsBatch || (first == -1 && !rest.contains(-1)) {
                let dims = try resolve(rest, dims: x.featureDims, allowZero: allowZero, total: features)
                if ONNXConstant.elementCount(dims) == features { return x.with(featureDims: dims) }
            }
            if first == -1, rest == [1], features > 1, context.producesChosenOutput {
                context.walker.note("skl2onnx ends multi-output regressors with Reshape(-1, 1), which turns scikit-learn's (m, \(features)) predictions into (m·\(features), 1); the output '\(context.walker.outputName)' is read as (m, \(features)), one sample per row, as scikit-learn's predict() gives")
                return x
            }
            throw ONNXNodeFailure("Reshape of \(x.shapeDescription) to \(shape) would merge samples with features; only shapes that keep the batch axis, such as (0, -1) or (-1, \(features)), are supported")
        }
    }

    /// A target shape with 0 (copy the input's extent, unless allowzero) and one −1 (inferred)
    /// resolved against `dims`, whose product is `total`.
    private static func resolve(_ shape: [Int], dims: [Int], allowZero: Bool, total: Int? = nil) throws -> [Int] {
        let count = total ?? dims.reduce(1, *)
        var resolved = try shape.enumerated().map { i, extent -> Int in
            guard extent == 0, !allowZero else {
                guard extent >= -1 else { throw ONNXNodeFailure("the shape \(shape) has a negative extent") }
                return extent
            }
            // Position i of `shape` lines up with axis i of `dims` (for a data tensor both
            // start after the batch axis).
            guard i < dims.count else { throw ONNXNodeFailure("the shape \(shape) copies an axis the input does not have") }
            return dims[i]
        }
        let unknown = resolved.indices.filter { resolved[$0] == -1 }
        guard unknown.count <= 1 else { throw ONNXNodeFailure("the shape \(shape) has more than one -1") }
        if let i = unknown.first {
            var others = resolved
            others.remove(at: i)
            guard let known = ONNXConstant.elementCount(others), known > 0, count % known == 0 else {
                throw ONNXNodeFailure("cannot reshape \(count) values to \(shape)")
            }
            resolved[i] = count / known
        }
        guard ONNXConstant.elementCount(resolved) == count || total != nil else {
            throw ONNXNodeFailure("cannot reshape \(dims) to \(shape): the element counts differ")
        }
        return resolved
    }
}
