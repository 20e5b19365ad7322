import ImplicitModel

extension ONNXExporter {
    /// A block's map applied to `tensor`: one node for a shared activation; `PRelu` with a slope
    /// tensor of shape (size,) when every state is leaky (PyTorch's `PReLU(num_parameters=C)`);
    /// otherwise Slice into runs of equal activation → φ → Concat. Block maps: `Softmax` over
    /// axis 1, `LayerNormalization` over the last axis with γ and β as initializers.
    /// - Throws: `ONNXExportError` when a parameter does not fit float32.
    func activate(_ tensor: String, _ map: StateMap, name: String, into builder: inout ONNXGraphBuilder) throws -> String {
        switch map {
        case .elementwise(let phi):
            return try activate(tensor, phi, name: name, into: &builder)
        case .perState(let phis):
            let slopes = phis.compactMap { phi -> Double? in
                if case .leakyReLU(let alpha) = phi { return alpha }
                return nil
            }
            if slopes.count == phis.count {
                let slope = try builder.floatInitializer("\(name)_slope", dims: [phis.count], values: slopes)
                let output = builder.unique(name)
                builder.node("PRelu", [tensor, slope], [output])
                return output
            }
            var runs: [(activation: Activation, size: Int)] = []
            for phi in phis {
                if let last = runs.last, last.activation == phi { runs[runs.count - 1].size += 1 } else { runs.append((phi, 1)) }
            }
            let parts = slices(tensor, sizes: runs.map(\.size), names: runs.indices.map { "\(name)_part\($0)_pre" }, into: &builder)
            let activated = try zip(parts, runs).map { part, run in try activate(part, run.activation, name: "\(part)_act", into: &builder) }
            let output = builder.unique(name)
            builder.node("Concat", activated, [output], attributes: [ONNXGraphBuilder.intAttribute("axis", 1)])
            return output
        case .softmax:
            // (N, n) states: axis 1 is the feature axis under both Softmax semantics (before
            // opset 13 "flatten from axis", since 13 "one axis").
            let output = builder.unique(name)
            builder.node("Softmax", [tensor], [output], attributes: [ONNXGraphBuilder.intAttribute("axis", 1)])
            return output
        case .layerNormalization(let norm):
            // LayerNormalization exists from opset 17, the opset every export writes.
            let scale = try builder.floatInitializer("\(name)_scale", dims: [norm.size], values: norm.scale)
            let bias = try builder.floatInitializer("\(name)_bias", dims: [norm.size], values: norm.bias)
            let output = builder.unique(name)
            builder.node("LayerNormalization", [tensor, scale, bias], [output],
                         attributes: [ONNXGraphBuilder.intAttribute("axis", -1), ONNXGraphBuilder.floatAttribute("epsilon", norm.epsilon)])
            return output
        }
    }
}
