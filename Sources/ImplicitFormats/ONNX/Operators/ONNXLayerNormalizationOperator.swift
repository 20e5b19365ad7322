import ImplicitModel

/// `LayerNormalization` (opset 17): the block map x = γ ⊙ (z − mean z)/√(var z + ε) + β over
/// the normalised axes [axis, rank), closing its argument into a layer with
/// `StateMap.layerNormalization`.
///
/// Accepted only when the normalised axes are every feature axis of a tensor with samples in
/// rows (axis 1, or −(rank − 1) … counted from the end so that it lands on axis 1, e.g. −1 for
/// (N, k)): the normalisation then runs over the whole flattened block, in C order, as the map
/// does. Over fewer axes it would be several normalisations per sample, refused with the node
/// named. Scale (and the optional bias) must have one entry per feature or one in all
/// (broadcast). `stash_type` only sets the precision of the statistics; they are computed in
/// float64 here. The optional outputs Mean and InvStdDev are not followed.
enum ONNXLayerNormalizationOperator {
    static let translators: [String: ONNXOperatorRegistry.Translator] = ["LayerNormalization": .firstOutput(layerNormalization)]

    static func layerNormalization(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(2...3)
        let x = try context.data(0)
        guard x.layout == .samplesInRows else {
            throw ONNXNodeFailure("the input has samples in columns, shape \(x.shapeDescription); the normalised axes would include the batch")
        }
        let rank = x.featureDims.count + 1
        let axis = try context.int("axis", default: -1)
        let resolved = try ONNXNodeContext.normalizedAxis(axis, rank: rank)
        guard resolved == 1 else {
            throw ONNXNodeFailure("LayerNormalization(axis=\(axis)) of \(x.shapeDescription) normalises axes \(resolved)..<\(rank); only a normalisation over every feature axis (axis 1 of the flattened block) is supported")
        }
        let epsilon = try context.float("epsilon", default: LayerNormalization.defaultEpsilon)
        guard epsilon > 0, epsilon.isFinite else { throw ONNXNodeFailure("epsilon = \(epsilon) is not a positive number") }
        let n = x.size
        func perFeature(_ i: Int, what: String, absent: Double) throws -> [Double] {
            guard context.hasInput(i) else { return [Double](repeating: absent, count: n) }
            let c = try context.constant(i, what: what)
            if c.count == n { return c.values }
            if c.count == 1 { return [Double](repeating: c.values[0], count: n) }
            throw ONNXNodeFailure("\(what) has shape \(c.shapeDescription); expected the \(n) features of \(x.shapeDescription)")
        }
        let norm = LayerNormalization(epsilon: epsilon, scale: try perFeature(1, what: "the scale", absent: 1),
                                      bias: try perFeature(2, what: "the bias", absent: 0))
        guard (norm.scale + norm.bias).allSatisfy(\.isFinite) else { throw ONNXNodeFailure("the scale or bias is not finite") }
        return .data(try context.layer(x, map: .layerNormalization(norm)))
    }
}
