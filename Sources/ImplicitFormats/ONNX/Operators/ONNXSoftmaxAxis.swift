/// Which features a `Softmax` node normalises together, per the ONNX operator changelog, and
/// whether that is the softmax over all features of a sample (the classifier head).
///
/// - Opsets 1–12 coerce the input to 2-D at `axis` (default 1): (d₀·…·d_{a−1}, d_a·…·d_{r−1}),
///   and normalise each row, so axes a … r−1 are normalised jointly.
/// - From opset 13, `axis` (default −1) is the single axis normalised; the others index groups.
///
/// For samples in rows, (N, d₁, …, d_k), the groups are single samples exactly when the axes
/// outside the normalised ones, batch excepted, all have extent 1; otherwise each sample is
/// split into several separately normalised groups, which is not the head softmax and is
/// refused with the groups named.
enum ONNXSoftmaxAxis {
    /// The opset from which Softmax normalises one axis instead of coercing to 2-D.
    static let singleAxisSinceOpset = 13

    /// Checks that Softmax over `x` normalises all of each sample's features together.
    /// - Throws: `ONNXNodeFailure` saying which axes are normalised and how many groups a
    ///   sample falls into.
    static func checkNormalisesEachSample(_ context: ONNXNodeContext, _ x: ONNXDataValue) throws {
        let op = context.node.opType
        let coerced = context.opset < singleAxisSinceOpset
        let given = try context.int("axis", default: coerced ? 1 : -1)
        guard x.layout == .samplesInRows else {
            throw ONNXNodeFailure("\(op)(axis=\(given)) of \(x.shapeDescription), which has samples in columns, is not supported")
        }
        let rank = x.rank
        let axis = try ONNXNodeContext.normalizedAxis(given, rank: rank)
        let semantics = coerced
            ? "at opset \(context.opset) \(op) coerces its input to 2-D at axis \(axis) and normalises axes \(axis)…\(rank - 1) together"
            : "at opset \(context.opset) \(op) normalises axis \(axis) alone"
        guard axis >= 1 else {
            throw ONNXNodeFailure("\(op)(axis=\(given)) of \(x.shapeDescription): \(semantics), which mixes samples; only a softmax over each sample's features is supported")
        }
        // Feature axes (1-based as in the tensor) that index groups rather than being normalised.
        let grouping = (1..<rank).filter { coerced ? $0 < axis : $0 != axis }
        let groups = grouping.reduce(1) { $0 * x.featureDims[$1 - 1] }
        guard groups == 1 else {
            throw ONNXNodeFailure("\(op)(axis=\(given)) of \(x.shapeDescription): \(semantics), so each sample is \(groups) separately normalised groups; only a softmax over all of a sample's features is supported (flatten to (N, \(x.size)) first)")
        }
    }
}
