import ImplicitModel

/// `Concat` along the first feature axis (axis 1 for samples in rows, 0 for samples in
/// columns): the expressions stack. Pending sigmoids stay pending when every part is one
/// (σ([a; b]) = [σ(a); σ(b)]); constants fold along any axis.
enum ONNXConcatOperator {
    static let translators: [String: ONNXOperatorRegistry.Translator] = ["Concat": .firstOutput(concat)]

    static func concat(_ context: ONNXNodeContext) throws -> ONNXValue {
        guard !context.node.input.isEmpty else { throw ONNXNodeFailure("has no inputs") }
        guard context.attribute("axis") != nil || context.opset < 4 else { throw ONNXNodeFailure("attribute 'axis' is missing") }
        let axis = try context.int("axis", default: 1)
        let values = try context.node.input.indices.map { try context.value($0) }
        if values.contains(where: { if case .shape = $0 { return true } else { return false } }) {
            return try ONNXShapeValue.concatenated(values, axis: axis)
        }

        if values.allSatisfy({ !$0.dependsOnInput }) {
            let parts = try values.indices.map { try context.constant($0, what: "input") }
            return .constant(try ONNXConstant.concatenated(parts, axis: ONNXNodeContext.normalizedAxis(axis, rank: parts[0].rank),
                                                           memory: context.walker.memory))
        }
        if let parts = pendingSigmoids(values) {
            return .sigmoid(try join(parts, axis: axis, context: context))
        }
        for (i, value) in values.enumerated() where !value.dependsOnInput {
            throw ONNXNodeFailure("input '\(context.node.input[i])' is a constant joined to tensors computed from the input; that needs the batch size")
        }
        let parts = try values.indices.map { try context.data($0) }
        return .data(try join(parts, axis: axis, context: context))
    }

    private static func pendingSigmoids(_ values: [ONNXValue]) -> [ONNXDataValue]? {
        var parts: [ONNXDataValue] = []
        for value in values {
            guard case .sigmoid(let pre) = value else { return nil }
            parts.append(pre)
        }
        return parts
    }

    private static func join(_ parts: [ONNXDataValue], axis: Int, context: ONNXNodeContext) throws -> ONNXDataValue {
        let first = parts[0]
        for part in parts where part.layout != first.layout || part.featureDims.count != first.featureDims.count
            || part.featureDims.dropFirst() != first.featureDims.dropFirst() {
            throw ONNXNodeFailure("joins tensors of shapes \(first.shapeDescription) and \(part.shapeDescription) that differ beyond the joined axis")
        }
        let normalized = try ONNXNodeContext.normalizedAxis(axis, rank: first.rank)
        let featureAxis = first.layout == .samplesInRows ? 1 : 0
        guard normalized == featureAxis, !first.featureDims.isEmpty else {
            throw ONNXNodeFailure("axis \(axis) of \(first.shapeDescription) is not the feature axis \(featureAxis); only joining features is supported")
        }
        // A source gets one (Σ sizes) × size(source) coefficient matrix unless every part holds
        // a selection of it.
        let expressions = parts.map(\.expression)
        let total = parts.reduce(0) { $0 + $1.size }
        try context.walker.checkFits(rows: total, cols: AffineExpression.denseColumnsOfConcatenation(expressions),
                                     what: "joining \(parts.count) tensors")
        let expression = AffineExpression.concatenated(expressions)
        var dims = first.featureDims
        dims[0] = parts.reduce(0) { $0 + $1.featureDims[0] }
        return ONNXDataValue(expression, layout: first.layout, featureDims: dims)
    }
}
