/// The operators exporters use to compute shapes and to repeat constants: `Shape`, `Gather`,
/// `ConstantOfShape`, `Expand` and `Tile`. The legacy PyTorch exporter writes `torch.chunk`
/// as `Shape → Gather(-1) → Add → Div → Mul → Slice` and `x.view(x.size(0), -1)` as
/// `Shape → Gather(0) → Unsqueeze → Concat → Reshape`.
///
/// The extents of a tensor computed from the input are known except the batch N when the
/// model leaves it symbolic: `Shape` gives a constant when it does not reach N and a shape
/// value (`ONNXShapeValue`) when it does. On tensors computed from the input, `Gather` and
/// `Tile` along feature axes are row selections (affine); `Expand` is accepted only where it
/// repeats nothing of the features (broadcasting the batch is what every operator does).
enum ONNXShapeArithmeticOperators {
    static let translators: [String: ONNXOperatorRegistry.Translator] = [
        "Shape": .firstOutput(shape), "Gather": .firstOutput(gather), "ConstantOfShape": .firstOutput(constantOfShape),
        "Expand": .firstOutput(expand), "Tile": .firstOutput(tile),
    ]

    /// The opset from which Shape takes `start` and `end`.
    static let shapeRangeSinceOpset = 15

    /// Shape(x)[start:end] (start, end from opset 15, clamped as Python slices are).
    static func shape(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(1...1)
        let extents: [ONNXShapeValue.Extent]
        let value = try context.value(0)
        if case .constant(let c) = value {
            extents = c.dims.map { .known($0) }
        } else if let entries = value.extentEntries {
            extents = entries.isScalar ? [] : [.known(entries.extents.count)]
        } else if let x = value.dataPart {
            let batch: ONNXShapeValue.Extent = context.batchSize.map { .known($0) } ?? .batch
            switch x.layout {
            case .samplesInRows: extents = [batch] + x.featureDims.map { .known($0) }
            case .samplesInColumns: extents = [.known(x.size), batch]
            }
        } else {
            _ = try context.data(0)
            throw ONNXNodeFailure("input '\(context.node.input[0])' has no shape")
        }
        var start = 0, end = extents.count
        if context.opset >= shapeRangeSinceOpset {
            start = ONNXNodeContext.sliceBound(try context.int("start", default: 0), count: extents.count)
            end = ONNXNodeContext.sliceBound(try context.int("end", default: extents.count), count: extents.count)
        }
        return .extents(start < end ? Array(extents[start..<end]) : [])
    }

    /// Gather(data, indices, axis) with constant indices of rank 0 or 1 (negative ones count
    /// from the end). A rank-0 index removes the axis.
    static func gather(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(2...2)
        let indexTensor = try context.constant(1, what: "the indices")
        guard indexTensor.isInteger, indexTensor.rank <= 1 else {
            throw ONNXNodeFailure("the indices have shape \(indexTensor.shapeDescription); only integer scalars and 1-D lists are supported")
        }
        let given = try context.int("axis", default: 0)
        let raw = try indexTensor.integers(what: "the indices")
        let dropsAxis = indexTensor.rank == 0
        func normalized(_ extent: Int) throws -> [Int] {
            try raw.map { i in
                guard let k = ONNXNodeContext.position(i, countedFromEndOf: extent) else {
                    throw ONNXNodeFailure("index \(i) is out of range for an extent of \(extent)")
                }
                return k
            }
        }
        func axis(ofRank rank: Int) throws -> Int { try ONNXNodeContext.normalizedAxis(given, rank: rank) }
        let value = try context.value(0)
        if case .constant(let c) = value {
            let a = try axis(ofRank: c.rank)
            let taken = c.taking(try normalized(c.dims[a]), alongAxis: a)
            return .constant(dropsAxis ? try taken.removingAxes([a]) : taken)
        }
        if case .shape(let s) = value {
            guard !s.isScalar, try axis(ofRank: 1) == 0 else { throw ONNXNodeFailure("gathers from the scalar extent \(s.description)") }
            return .extents(try normalized(s.extents.count).map { s.extents[$0] }, isScalar: dropsAxis)
        }
        let x = try context.data(0)
        let a = try axis(ofRank: x.rank)
        guard let extent = x.extent(ofAxis: a) else {
            throw ONNXNodeFailure("gathers along the batch axis \(given) of \(x.shapeDescription): that picks samples, not features")
        }
        let taken = try x.taking(try normalized(extent), alongFeatureAxis: a)
        return .data(dropsAxis ? try taken.removingAxes([a]) : taken)
    }

    /// ConstantOfShape(shape): a constant filled with the `value` attribute (float 0 by default).
    static func constantOfShape(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(1...1)
        let dims = try context.constant(0, what: "the shape").integers(what: "the shape")
        guard dims.allSatisfy({ $0 >= 0 }), let count = ONNXConstant.elementCount(dims) else {
            throw ONNXNodeFailure("the shape \(dims) has a negative extent or too many elements")
        }
        try context.walker.memory.check(count, for: "a constant of shape \(dims)")
        var fill = 0.0, type = ONNXDataType.float
        if let a = context.attribute("value") {
            let c = try ONNXTensorDecoder.decode(a.t, what: "the value", memory: context.walker.memory)
            guard c.count == 1 else { throw ONNXNodeFailure("the value has \(c.count) elements, not one") }
            (fill, type) = (c.values[0], c.dataType)
        }
        return .constant(ONNXConstant(dims: dims, values: [Double](repeating: fill, count: count), dataType: type))
    }

    /// Expand(x, shape): x broadcast to shape. Constants fold; a tensor computed from the input
    /// is accepted when the broadcast leaves its features as they are.
    static func expand(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(2...2)
        let value = try context.value(0)
        if case .constant(let c) = value {
            let dims = try context.constant(1, what: "the shape").integers(what: "the shape")
            let target = try ONNXConstant.broadcastDims(c.dims, dims)
            guard let count = ONNXConstant.elementCount(target) else { throw ONNXNodeFailure("the shape \(dims) has too many elements") }
            try context.walker.memory.check(count, for: "expanding to \(target)")
            return .constant(ONNXConstant(dims: target, values: c.broadcast(to: target), dataType: c.dataType))
        }
        guard let entries = try context.value(1).extentEntries else {
            _ = try context.constant(1, what: "the shape")
            throw ONNXNodeFailure("the shape is not a list of integers")
        }
        return try value.mapData { x in
            guard x.layout == .samplesInRows else {
                throw ONNXNodeFailure("expanding \(x.shapeDescription), which has samples in columns, is not supported")
            }
            let target = ONNXShapeValue(entries.extents)
            let refusal = ONNXNodeFailure("Expand of \(x.shapeDescription) to \(target.description) repeats samples or features; only an Expand that leaves the tensor as it is is supported")
            guard entries.extents.count <= x.rank else { throw refusal }
            // Right-aligned: entry k of the target meets axis k + offset of x.
            let offset = x.rank - entries.extents.count
            for (k, extent) in entries.extents.enumerated() {
                let axis = k + offset
                switch extent {
                case .batch where axis == 0: continue
                case .known(1): continue
                case .known(let e) where axis == 0 ? e == context.batchSize : e == x.featureDims[axis - 1]: continue
                default: throw refusal
                }
            }
            return x
        }
    }

    /// Tile(x, repeats): constants fold; a tensor computed from the input repeats along feature
    /// axes only, a row selection (output position i of an axis of extent d is input i mod d).
    static func tile(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(2...2)
        let repeats = try context.constant(1, what: "the repeats").integers(what: "the repeats")
        guard repeats.allSatisfy({ $0 >= 1 }) else { throw ONNXNodeFailure("the repeats \(repeats) are not all positive") }
        let value = try context.value(0)
        if case .constant(let c) = value {
            guard repeats.count == c.rank else { throw ONNXNodeFailure("\(repeats.count) repeats for a tensor of rank \(c.rank)") }
            var tiled = c
            for (a, r) in repeats.enumerated() where r > 1 {
                let extent = tiled.dims[a]
                let (total, overflow) = extent.multipliedReportingOverflow(by: r)
                guard !overflow, let count = ONNXConstant.elementCount(tiled.dims.enumerated().map { $0.offset == a ? total : $0.element }) else {
                    throw ONNXNodeFailure("tiling \(c.shapeDescription) by \(repeats) gives too many elements")
                }
                try context.walker.memory.check(count, for: "tiling \(c.shapeDescription) by \(repeats)")
                tiled = tiled.taking((0..<total).map { $0 % extent }, alongAxis: a)
            }
            return .constant(tiled)
        }
        let x = try context.data(0)
        guard repeats.count == x.rank else { throw ONNXNodeFailure("\(repeats.count) repeats for \(x.shapeDescription), of rank \(x.rank)") }
        var tiled = x
        for (a, r) in repeats.enumerated() where r > 1 {
            guard let extent = tiled.extent(ofAxis: a) else {
                throw ONNXNodeFailure("Tile repeats the batch axis of \(x.shapeDescription) \(r) times: that adds samples")
            }
            let (total, overflow) = extent.multipliedReportingOverflow(by: r)
            guard !overflow, total <= ONNXGraphIndex.maximumFeatureCount else {
                throw ONNXNodeFailure("tiling \(x.shapeDescription) by \(repeats) gives more features than the importer's limit of \(ONNXGraphIndex.maximumFeatureCount)")
            }
            try context.walker.checkFits(rows: tiled.size / extent * total, cols: tiled.coefficientColumns, what: "tiling \(x.shapeDescription)")
            tiled = try tiled.taking((0..<total).map { $0 % extent }, alongFeatureAxis: a)
        }
        return .data(tiled)
    }
}
