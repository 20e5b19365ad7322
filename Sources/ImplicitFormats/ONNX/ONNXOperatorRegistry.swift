/// The ONNX operators the importer translates, by `op_type` (default domain only).
///
/// Each operator family lives in its own file under `Operators/` and lists its translators;
/// adding an operator to a family touches that file alone.
struct ONNXOperatorRegistry: Sendable {
    /// Computes the value of a node's first output.
    typealias Translator = @Sendable (ONNXNodeContext) throws -> ONNXValue

    let translators: [String: Translator]

    init(families: [[String: Translator]]) {
        var all: [String: Translator] = [:]
        for family in families {
            all.merge(family) { _, _ in preconditionFailure("an operator is registered twice") }
        }
        translators = all
    }

    /// Every operator the importer supports.
    static let standard = ONNXOperatorRegistry(families: [
        ONNXConstantOperators.translators,
        ONNXLinearOperators.translators,
        ONNXElementwiseOperators.translators,
        ONNXConcatOperator.translators,
        ONNXSliceOperator.translators,
        ONNXNormalizationOperators.translators,
        ONNXLayerNormalizationOperator.translators,
        ONNXShapeOperators.translators,
        ONNXAxisOperators.translators,
        ONNXReduceMeanOperator.translators,
        ONNXActivationOperators.translators,
        ONNXSlopeAndClipOperators.translators,
        ONNXPointwiseOperators.translators,
    ])

    /// Operator names, sorted, for error messages and documentation.
    var supportedOperators: [String] { translators.keys.sorted() }
}
