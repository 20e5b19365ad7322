/// The ONNX operators the importer translates, by `op_type` (default domain only).
///
/// Each operator family lives in its own file under `Operators/` and lists its translators;
/// adding an operator to a family touches that file alone.
struct ONNXOperatorRegistry: Sendable {
    /// Computes the value of a node's first output.
    typealias Translator = @Sendable (ONNXNodeContext) throws -> ONNXValue
    /// Computes the values of all of a node's outputs, one per `node.output` entry (`Split`).
    typealias MultiOutputTranslator = @Sendable (ONNXNodeContext) throws -> [ONNXValue]

    let translators: [String: Translator]
    let multiOutputTranslators: [String: MultiOutputTranslator]

    init(families: [[String: Translator]], multiOutputFamilies: [[String: MultiOutputTranslator]] = []) {
        var all: [String: Translator] = [:]
        for family in families {
            all.merge(family) { _, _ in preconditionFailure("an operator is registered twice") }
        }
        var multi: [String: MultiOutputTranslator] = [:]
        for family in multiOutputFamilies {
            multi.merge(family) { _, _ in preconditionFailure("an operator is registered twice") }
        }
        precondition(Set(all.keys).isDisjoint(with: multi.keys), "an operator is registered twice")
        translators = all
        multiOutputTranslators = multi
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
    ], multiOutputFamilies: [
        ONNXSplitOperator.translators,
    ])

    /// Operator names, sorted, for error messages and documentation.
    var supportedOperators: [String] { (Array(translators.keys) + multiOutputTranslators.keys).sorted() }

    /// True when `opType` is registered, single- or multi-output.
    func supports(_ opType: String) -> Bool { translators[opType] != nil || multiOutputTranslators[opType] != nil }
}
