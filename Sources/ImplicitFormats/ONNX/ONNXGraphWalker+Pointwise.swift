import ImplicitModel

/// Pending elementwise functions: how a tensor is seen as f(z) of an earlier tensor, and how a
/// pending one becomes the layer of the activation it is.
extension ONNXGraphWalker {
    /// Tensor `name` as f(z): its pending function, its recorded view, or the tensor itself as
    /// z when its value is affine. nil for any other value.
    func pointwise(of name: String) throws -> ONNXPointwise? {
        let value = try value(of: name)
        if case .pointwise(let p) = value { return p }
        if let view = pointwiseViews[name] { return view }
        if case .data(let d) = value { return ONNXPointwise(root: name, argument: d, function: .argument) }
        return nil
    }

    /// Closes a pending function into a layer: f = s·φ(a z) becomes the layer φ(a z) and the
    /// tensor s · layer, which replaces the pending value of `tensor` (an affine f = a z + c,
    /// left after terms cancel, is that tensor without a layer).
    /// - Throws: `ONNXNodeFailure` when f is no activation of the table (the result is not affine).
    func materialize(_ p: ONNXPointwise, tensor: String) throws -> ONNXDataValue {
        if case .affine(let a, let c) = p.function {
            let e = p.argument.expression
            let result = ONNXDataValue(e.scaled(by: a).shifted(by: [Double](repeating: c, count: e.size)),
                                       layout: p.argument.layout, featureDims: p.argument.featureDims)
            update(tensor, to: .data(result))
            return result
        }
        guard let r = p.recognised() else {
            let used = p.function.primitives.map(\.rawValue).joined(separator: ", ")
            throw ONNXNodeFailure("'\(tensor)' is an elementwise function of '\(p.root)' (using \(used.isEmpty ? "products" : used)) that is not one of the supported activations: the result is not affine")
        }
        let pre = r.inner == 1 ? p.argument : Self.scaled(p.argument, by: r.inner)
        let layer = try addLayer(pre, activation: r.activation, preferredName: layerName(forTensor: tensor))
        let result = r.outer == 1 ? layer : Self.scaled(layer, by: r.outer)
        update(tensor, to: .data(result))
        return result
    }

    private static func scaled(_ d: ONNXDataValue, by s: Double) -> ONNXDataValue {
        ONNXDataValue(d.expression.scaled(by: s), layout: d.layout, featureDims: d.featureDims)
    }
}
