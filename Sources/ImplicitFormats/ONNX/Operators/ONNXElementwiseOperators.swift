import ImplicitModel

/// `Add`, `Sub`, `Mul`, `Div` with NumPy broadcasting, as far as they stay affine: sums and
/// differences of tensors computed from the input, and any of the four with a constant that
/// varies per feature only (never Div by, or Mul of, two input-dependent tensors).
///
/// Of two functions of one tensor, or of a pending one (`ONNXPointwiseOperators`), the four
/// build a pending elementwise function instead: `x · Sigmoid(x)` is SiLU, not a product of
/// two tensors. A tensor and a scalar give an affine result that is also recorded as that
/// function of the tensor, so `Erf(x / √2)` still knows it is a function of x.
///
/// `Sub(1, σ(z))` is σ(−z) exactly; it stays a pending sigmoid, so skl2onnx's binary
/// classifier output `Concat(1 − p, p)` becomes the readout `[−z; z]` with a sigmoid head.
enum ONNXElementwiseOperators {
    static let translators: [String: ONNXOperatorRegistry.Translator] = [
        "Add": .firstOutput(add), "Sub": .firstOutput(sub), "Mul": .firstOutput(mul), "Div": .firstOutput(div),
    ]

    static func add(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(2...2)
        if let pending = try ONNXPointwiseOperators.binary(context, { $0 + $1 }) { return pending }
        defer { try? ONNXPointwiseOperators.recordView(context, { $0 + $1 }) }
        return try combine(context, folding: +) { x, y in x.adding(y) } withConstant: { x, c, _ in
            x.shifted(by: c)
        }
    }

    static func sub(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(2...2)
        if let pending = try ONNXPointwiseOperators.binary(context, { $0 - $1 }) { return pending }
        defer { try? ONNXPointwiseOperators.recordView(context, { $0 - $1 }) }
        if case .constant(let one) = try context.value(0), case .sigmoid(let pre) = try context.value(1),
           (try? pre.perFeature(one, what: "the minuend"))?.allSatisfy({ $0 == 1 }) == true {
            return .sigmoid(ONNXDataValue(pre.expression.scaled(by: -1), layout: pre.layout, featureDims: pre.featureDims))
        }
        return try combine(context, folding: -) { x, y in x.adding(y.scaled(by: -1)) } withConstant: { x, c, constantFirst in
            constantFirst ? x.scaled(by: -1).shifted(by: c) : x.shifted(by: c.map { -$0 })
        }
    }

    static func mul(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(2...2)
        if let pending = try ONNXPointwiseOperators.binary(context, { $0 * $1 }) { return pending }
        defer { try? ONNXPointwiseOperators.recordView(context, { $0 * $1 }) }
        return try combine(context, folding: *) { _, _ in
            throw ONNXNodeFailure("multiplies two tensors that both depend on the input: the result is not affine")
        } withConstant: { x, c, _ in
            x.scaledRows(by: c)
        }
    }

    static func div(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(2...2)
        if let pending = try ONNXPointwiseOperators.binary(context, { $0 / $1 }) { return pending }
        defer { try? ONNXPointwiseOperators.recordView(context, { $0 / $1 }) }
        return try combine(context, folding: /) { _, _ in
            throw ONNXNodeFailure("divides by a tensor that depends on the input: the result is not affine")
        } withConstant: { x, c, constantFirst in
            guard !constantFirst else {
                throw ONNXNodeFailure("divides a constant by a tensor that depends on the input: the result is not affine")
            }
            guard c.allSatisfy({ $0 != 0 }) else { throw ONNXNodeFailure("divides by a constant that has a zero") }
            return x.scaledRows(by: c.map { 1 / $0 })
        }
    }

    /// The shared case analysis: two constants fold; two input-dependent tensors of equal shape
    /// go to `both`; a tensor and a constant go to `withConstant` with the constant per feature
    /// and whether it was the first operand.
    private static func combine(
        _ context: ONNXNodeContext,
        folding: @escaping (Double, Double) -> Double,
        both: (AffineExpression, AffineExpression) throws -> AffineExpression,
        withConstant: (AffineExpression, [Double], Bool) throws -> AffineExpression
    ) throws -> ONNXValue {
        let a = try context.value(0), b = try context.value(1)
        switch (a, b) {
        case (.constant(let x), .constant(let y)):
            return .constant(try ONNXConstant.elementwise(x, y, memory: context.walker.memory, folding))
        case (.constant(let c), _), (_, .constant(let c)):
            let constantFirst: Bool
            if case .constant = a { constantFirst = true } else { constantFirst = false }
            let x = try context.data(constantFirst ? 1 : 0)
            let perFeature = try x.perFeature(c, what: "the constant '\(context.node.input[constantFirst ? 0 : 1])'")
            return .data(ONNXDataValue(try withConstant(x.expression, perFeature, constantFirst), layout: x.layout, featureDims: x.featureDims))
        default:
            let x = try context.data(0), y = try context.data(1)
            guard x.layout == y.layout, x.featureDims == y.featureDims else {
                throw ONNXNodeFailure("combines tensors of shapes \(x.shapeDescription) and \(y.shapeDescription); only equal shapes are supported")
            }
            return .data(ONNXDataValue(try both(x.expression, y.expression), layout: x.layout, featureDims: x.featureDims))
        }
    }
}
