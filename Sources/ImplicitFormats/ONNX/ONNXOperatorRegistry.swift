/// The ONNX operators the importer translates, by `op_type` (default domain only).
///
/// Each operator family lives in its own file under `Operators/` and lists its translators;
/// adding an operator to a family touches that file alone.
struct ONNXOperatorRegistry: Sendable {
    /// How a node of an operator is translated, and so which of its outputs get a value.
    enum Translator: Sendable {
        /// Computes the value of the node's first output; the others (Dropout's mask,
        /// LayerNormalization's statistics) are not followed, and reading one is refused.
        case firstOutput(@Sendable (ONNXNodeContext) throws -> ONNXValue)
        /// Computes the values of all of the node's outputs, one per `node.output` entry (`Split`).
        case everyOutput(@Sendable (ONNXNodeContext) throws -> [ONNXValue])
    }

    /// The one table: each operator's translator, by `op_type`.
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
        ONNXShapeArithmeticOperators.translators,
        ONNXSequenceOperators.translators,
        ONNXSplitOperator.translators,
    ])

    /// Operator names, sorted, for error messages and documentation.
    var supportedOperators: [String] { translators.keys.sorted() }
}
