import ImplicitModel

/// The elementwise operators exporters decompose activations into: `Erf`, `Abs`, `Softplus`,
/// `Tanh`, `Sigmoid`, `Greater`, `Where`, and the products and quotients of `Mul`/`Div` of two
/// functions of the same tensor. Each builds a pending `ONNXValue.pointwise`; a use that
/// needs an affine tensor turns it into the layer of the activation it is
/// (`ONNXPointwise+Recognition`), or refuses it as not affine.
///
/// `Tanh` of an affine tensor is a tanh layer at once, and `Sigmoid` of one stays the pending
/// sigmoid head (with a recorded view as σ(z), for SiLU); `Softplus` of one stays pending,
/// since Mish (`Tanh(Softplus(x))`) and the default exporter's `Where(x > 20, x, Softplus(x))`
/// build on it.
enum ONNXPointwiseOperators {
    static let translators: [String: ONNXOperatorRegistry.Translator] = [
        "Erf": .firstOutput { try unary($0, .erf) },
        "Abs": .firstOutput { try unary($0, .abs) },
        "Softplus": .firstOutput { try unary($0, .softplus) },
        "Tanh": .firstOutput(tanh),
        "Sigmoid": .firstOutput(sigmoid),
        "Greater": .firstOutput(greater),
        "Where": .firstOutput(select),
    ]

    /// An operand of an elementwise combination: a scalar constant or a function of a tensor.
    enum Operand {
        case scalar(Double)
        case function(ONNXPointwise)

        var function: ONNXScalarFunction {
            switch self {
            case .scalar(let c): return .constant(c)
            case .function(let p): return p.function
            }
        }
    }

    /// Input `i` as an operand; nil for a constant that is not a scalar, or a value that is no
    /// function of a tensor (a softmax, a graph input).
    static func operand(_ context: ONNXNodeContext, _ i: Int) throws -> Operand? {
        switch try context.value(i) {
        case .constant(let c): return c.count == 1 ? .scalar(c.values[0]) : nil
        case .otherGraphInput, .softmax, .shape, .sequence: return nil
        default: return try context.walker.pointwise(of: context.node.input[i]).map(Operand.function)
        }
    }

    /// Operands combined elementwise into one function of their common tensor; nil when no
    /// operand depends on the input or two depend on different tensors.
    /// - Throws: `ONNXNodeFailure` when the function grows past `maximumOperationCount`.
    static func combine(_ operands: [Operand], _ op: ([ONNXScalarFunction]) -> ONNXScalarFunction) throws -> ONNXPointwise? {
        var base: ONNXPointwise?
        var count = 1
        for case .function(let p) in operands {
            count += p.operationCount
            guard let b = base else { base = p; continue }
            guard b.sharesRoot(with: p) else { return nil }
        }
        guard let b = base else { return nil }
        return try ONNXPointwise.bounded(ONNXPointwise(root: b.root, argument: b.argument, function: op(operands.map(\.function)),
                                                       operationCount: min(count, ONNXPointwise.maximumOperationCount + 1)))
    }

    /// The pending f(z) of a binary `Add`/`Sub`/`Mul`/`Div`, when it applies: an operand is
    /// pending, or both depend on the input (then they must be functions of one tensor).
    /// nil leaves the operator to its affine rules.
    static func binary(_ context: ONNXNodeContext, _ op: @escaping (ONNXScalarFunction, ONNXScalarFunction) -> ONNXScalarFunction) throws -> ONNXValue? {
        let values = [try context.value(0), try context.value(1)]
        let pending = values.contains { if case .pointwise = $0 { return true } else { return false } }
        guard pending || values.allSatisfy(\.dependsOnInput) else { return nil }
        guard let a = try operand(context, 0), let b = try operand(context, 1),
              let p = try combine([a, b], { op($0[0], $0[1]) }), pending || !p.function.isAffine else { return nil }
        return .pointwise(p)
    }

    /// Records the output of an affine `Add`/`Sub`/`Mul`/`Div` of a tensor and a scalar as that
    /// function of the tensor's root (`x / √2` as z/√2 of x), so a later `Erf` keeps the root.
    static func recordView(_ context: ONNXNodeContext, _ op: @escaping (ONNXScalarFunction, ONNXScalarFunction) -> ONNXScalarFunction) throws {
        guard let output = context.node.output.first, let a = try operand(context, 0), let b = try operand(context, 1),
              let p = try combine([a, b], { op($0[0], $0[1]) }) else { return }
        context.walker.pointwiseViews[output] = p
    }

    static func unary(_ context: ONNXNodeContext, _ primitive: ONNXScalarFunction.Primitive) throws -> ONNXValue {
        try context.expectInputs(1...1)
        let f = ONNXScalarFunction.unary(primitive, .argument)
        if case .constant(let c) = try context.value(0) { return .constant(c.mapped { f($0) }) }
        guard let p = try context.walker.pointwise(of: context.node.input[0]) else {
            return .pointwise(ONNXPointwise(root: context.node.input[0], argument: try context.data(0), function: f, operationCount: 1))
        }
        return .pointwise(try p.applying { .unary(primitive, $0) })
    }

    /// Tanh: a layer of an affine tensor, pending of a pending one (Mish, tanh-GELU).
    static func tanh(_ context: ONNXNodeContext) throws -> ONNXValue {
        if case .pointwise = try context.value(0) { return try unary(context, .tanh) }
        return try ONNXActivationOperators.activation(context, .tanh)
    }

    /// Sigmoid: the pending head of an affine tensor (viewed as σ(z) for SiLU and Swish),
    /// pending of a pending one.
    static func sigmoid(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(1...1)
        switch try context.value(0) {
        case .constant(let c):
            return .constant(c.mapped { Activation.sigmoid($0) })
        case .pointwise:
            return try unary(context, .sigmoid)
        default:
            let pre = try context.data(0)
            if let output = context.node.output.first, let p = try context.walker.pointwise(of: context.node.input[0]) {
                context.walker.pointwiseViews[output] = try p.applying { .unary(.sigmoid, $0) }
            }
            return .sigmoid(pre)
        }
    }

    /// Greater(a, b): 1 or 0, as the condition of a `Where`.
    static func greater(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(2...2)
        if case .constant(let a) = try context.value(0), case .constant(let b) = try context.value(1) {
            return .constant(try ONNXConstant.elementwise(a, b, memory: context.walker.memory) { $0 > $1 ? 1 : 0 })
        }
        guard let a = try operand(context, 0), let b = try operand(context, 1),
              let p = try combine([a, b], { .greater($0[0], $0[1]) }) else {
            throw ONNXNodeFailure("compares tensors that are not functions of one tensor computed from the input: the result is not affine")
        }
        return .pointwise(p)
    }

    /// Where(condition, a, b), all three functions of one tensor (or scalars).
    static func select(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(3...3)
        let operands = try (0..<3).map { try operand(context, $0) }
        guard let a = operands[0], let b = operands[1], let c = operands[2],
              let p = try combine([a, b, c], { .select($0[0], $0[1], $0[2]) }) else {
            throw ONNXNodeFailure("selects between tensors that are not functions of one tensor computed from the input: the result is not affine")
        }
        return .pointwise(p)
    }
}
