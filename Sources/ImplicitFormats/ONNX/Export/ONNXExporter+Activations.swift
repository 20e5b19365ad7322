import ImplicitModel

extension ONNXExporter {
    /// φ applied elementwise to `tensor` (nothing for identity); returns the tensor holding the
    /// states. Activations that ONNX opset `opsetVersion` has as an operator are written as that
    /// operator with its attributes; GELU (an operator only from opset 20), Mish (18) and SiLU,
    /// Swish have none at opset 17 and are written as the graphs PyTorch's legacy exporter writes,
    /// which our importer reads back to the same activation.
    /// - Throws: `ONNXExportError` when a parameter does not fit float32.
    func activate(_ tensor: String, _ activation: Activation, name: String,
                  into builder: inout ONNXGraphBuilder) throws -> String {
        let float = ONNXGraphBuilder.floatAttribute
        func single(_ op: String, _ attributes: [Onnx_AttributeProto] = []) -> String {
            let output = builder.unique(name)
            builder.node(op, [tensor], [output], attributes: attributes)
            return output
        }
        func scalar(_ label: String, _ value: Double) throws -> String {
            try builder.floatInitializer("\(name)_\(label)", dims: [], values: [value])
        }
        func node(_ op: String, _ inputs: [String], _ label: String, _ attributes: [Onnx_AttributeProto] = []) -> String {
            let output = builder.unique("\(name)_\(label)")
            builder.node(op, inputs, [output], attributes: attributes)
            return output
        }
        /// tensor · gate, named as the block.
        func gated(_ gate: String) -> String {
            let output = builder.unique(name)
            builder.node("Mul", [tensor, gate], [output])
            return output
        }
        switch activation {
        case .identity: return tensor
        case .relu: return single("Relu")
        case .tanh: return single("Tanh")
        case .sigmoid: return single("Sigmoid")
        case .leakyReLU(let alpha): return single("LeakyRelu", [float("alpha", alpha)])
        case .elu(let alpha): return single("Elu", [float("alpha", alpha)])
        case .selu: return single("Selu", [float("alpha", Activation.seluAlpha), float("gamma", Activation.seluScale)])
        case .celu(let alpha): return single("Celu", [float("alpha", alpha)])
        case .softplus: return single("Softplus")
        case .softsign: return single("Softsign")
        case .hardSigmoid(let alpha, let beta): return single("HardSigmoid", [float("alpha", alpha), float("beta", beta)])
        case .hardSwish: return single("HardSwish")
        case .thresholdedReLU(let alpha): return single("ThresholdedRelu", [float("alpha", alpha)])
        case .clip(let lower, let upper):
            let low = lower.isFinite ? try scalar("min", lower) : ""
            let high = upper.isFinite ? try scalar("max", upper) : ""
            let output = builder.unique(name)
            builder.node("Clip", high.isEmpty ? [tensor, low] : [tensor, low, high], [output])
            return output
        case .silu: return gated(node("Sigmoid", [tensor], "sigmoid"))
        case .swish(let beta):
            let scaled = node("Mul", [tensor, try scalar("beta", beta)], "scaled")
            return gated(node("Sigmoid", [scaled], "sigmoid"))
        case .mish:
            return gated(node("Tanh", [node("Softplus", [tensor], "softplus")], "tanh"))
        case .gelu:
            // x · 0.5 · (1 + Erf(x / √2)), the legacy exporter's graph.
            let scaled = node("Div", [tensor, try scalar("sqrt2", 2.0.squareRoot())], "scaled")
            let shifted = node("Add", [node("Erf", [scaled], "erf"), try scalar("one", 1)], "shifted")
            return gated(node("Mul", [shifted, try scalar("half", 0.5)], "gate"))
        case .geluTanh:
            // x · 0.5 · (1 + Tanh(√(2/π) · (x + 0.044715 · x³))).
            let cube = node("Mul", [node("Mul", [tensor, tensor], "square"), tensor], "cube")
            let inner = node("Add", [tensor, node("Mul", [cube, try scalar("cubic", 0.044715)], "cubic_term")], "inner")
            let scaled = node("Mul", [inner, try scalar("scale", (2 / Double.pi).squareRoot())], "scaled")
            let shifted = node("Add", [node("Tanh", [scaled], "tanh"), try scalar("one", 1)], "shifted")
            return gated(node("Mul", [shifted, try scalar("half", 0.5)], "gate"))
        }
    }
}
