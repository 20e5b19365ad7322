/// `Constant`: a tensor given in the node's attributes (`value`, `value_float(s)`,
/// `value_int(s)`).
enum ONNXConstantOperators {
    static let translators: [String: ONNXOperatorRegistry.Translator] = ["Constant": .firstOutput(constant)]

    static func constant(_ context: ONNXNodeContext) throws -> ONNXValue {
        guard context.node.attribute.count == 1, let a = context.node.attribute.first else {
            throw ONNXNodeFailure("a Constant node needs exactly one value attribute")
        }
        switch a.name {
        case "value":
            return .constant(try ONNXTensorDecoder.decode(a.t, what: "the value", memory: context.walker.memory))
        case "value_float":
            return .constant(.scalar(Double(a.f)))
        case "value_floats":
            return .constant(ONNXConstant(dims: [a.floats.count], values: a.floats.map(Double.init), dataType: ONNXDataType.float))
        case "value_int":
            return .constant(.scalar(Double(a.i), dataType: ONNXDataType.int64))
        case "value_ints":
            return .constant(ONNXConstant(dims: [a.ints.count], values: a.ints.map(Double.init), dataType: ONNXDataType.int64))
        default:
            throw ONNXNodeFailure("a Constant given by '\(a.name)' is not supported; use 'value', 'value_float(s)' or 'value_int(s)'")
        }
    }
}
