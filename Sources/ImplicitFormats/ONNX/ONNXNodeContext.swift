import ImplicitModel

/// What an operator translator sees of its node: inputs as values, attributes, and the means
/// to close an expression into a layer.
struct ONNXNodeContext {
    let node: Onnx_NodeProto
    let nodeIndex: Int
    let walker: ONNXGraphWalker

    var opset: Int { walker.index.opset }
    /// A fixed batch extent, when the model's input has one.
    var batchSize: Int? { walker.index.batchSize }
    /// True when this node's first output is the graph output being followed.
    var producesChosenOutput: Bool { node.output.first == walker.outputName }

    // MARK: - Inputs

    /// True when input `i` is given (ONNX marks an omitted optional input with "").
    func hasInput(_ i: Int) -> Bool { i < node.input.count && !node.input[i].isEmpty }

    /// Checks the number of inputs against what the operator takes.
    func expectInputs(_ range: ClosedRange<Int>) throws {
        guard range.contains(node.input.count), (0..<range.lowerBound).allSatisfy(hasInput) else {
            let wanted = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
            throw ONNXNodeFailure("has \(node.input.count) inputs, expected \(wanted)")
        }
    }

    /// Input `i` as it is, a pending sigmoid or softmax included.
    func value(_ i: Int) throws -> ONNXValue {
        guard hasInput(i) else { throw ONNXNodeFailure("input \(i + 1) is missing") }
        return try walker.value(of: node.input[i])
    }

    /// Input `i` as an affine tensor; a pending sigmoid becomes a sigmoid layer here, a pending
    /// softmax a softmax block map, and a pending elementwise function the layer of the
    /// activation it is.
    func data(_ i: Int) throws -> ONNXDataValue {
        let name = node.input[i]
        switch try value(i) {
        case .data(let d):
            return d
        case .sigmoid(let pre):
            let layer = try walker.addLayer(pre, activation: .sigmoid, preferredName: walker.layerName(forTensor: name))
            walker.update(name, to: .data(layer))
            return layer
        case .pointwise(let p):
            return try walker.materialize(p, tensor: name)
        case .softmax(let pre):
            // A softmax that is not the head: a block map over the tensor's features.
            let layer = try walker.addLayer(pre, map: .softmax, preferredName: walker.layerName(forTensor: name))
            walker.update(name, to: .data(layer))
            return layer
        case .constant:
            throw ONNXNodeFailure("input '\(name)' is a constant where a tensor computed from the input was expected")
        case .sequence(let parts):
            throw ONNXNodeFailure("input '\(name)' is a sequence of \(parts.count) tensors (SplitToSequence); only SequenceAt reads it")
        case .shape(let s):
            throw ONNXNodeFailure("input '\(name)' holds the extents \(s.description) of a tensor (from Shape), with the batch size N that the model does not fix; only Reshape, Concat, Gather, Unsqueeze, Squeeze and Cast can use them")
        case .otherGraphInput(let other):
            throw ONNXNodeFailure("reads the graph input '\(other)', but the model's input is '\(walker.index.input.name)': ImplicitKit models have one input; if '\(other)' holds weights, store it as an initializer")
        }
    }

    /// Input `i` as a constant (`what` names its role in errors: "the weight B").
    func constant(_ i: Int, what: String) throws -> ONNXConstant {
        let name = hasInput(i) ? node.input[i] : ""
        switch try value(i) {
        case .constant(let c):
            return c
        case .sequence(let parts):
            throw ONNXNodeFailure("\(what) '\(name)' is a sequence of \(parts.count) tensors (SplitToSequence), not a tensor")
        case .shape(let s):
            throw ONNXNodeFailure("\(what) '\(name)' is \(s.description), which holds the batch size N; the model does not fix N, and only Reshape, Concat, Gather, Unsqueeze, Squeeze and Cast can use it")
        case .otherGraphInput(let other):
            throw ONNXNodeFailure("\(what) '\(other)' is a graph input, not an initializer: weights given as graph inputs cannot be converted; store them as initializers (PyTorch: torch.onnx.export(..., export_params=True))")
        default:
            throw ONNXNodeFailure("\(what) '\(name)' depends on the model's input; only a constant \(what) is supported")
        }
    }

    /// Whether input `i` depends on the model's input (`ONNXValue.dependsOnInput`), without
    /// decoding it when it is an initializer.
    func dependsOnInput(_ i: Int) throws -> Bool {
        if hasInput(i), walker.isUndecodedInitializer(node.input[i]) { return false }
        return try value(i).dependsOnInput
    }

    /// Input `i`, a 2-D constant M, as a row-major matrix: an initializer is read from its raw
    /// data in one pass, without going through `ONNXConstant`. (Mᵀ is `transposed()` of it, the
    /// same buffer.)
    func matrix(_ i: Int, what: String) throws -> Matrix {
        if hasInput(i), let m = try walker.initializerMatrix(node.input[i]) { return m }
        return try constant(i, what: what).matrix(what: what)
    }

    // MARK: - Attributes

    func attribute(_ name: String) -> Onnx_AttributeProto? {
        node.attribute.first { $0.name == name }
    }

    func int(_ name: String, default value: Int) throws -> Int {
        guard let a = attribute(name) else { return value }
        guard a.type == .int || (!a.hasType && a.hasI) else { throw ONNXNodeFailure("attribute '\(name)' is not an integer") }
        return Int(a.i)
    }

    func float(_ name: String, default value: Double) throws -> Double {
        guard let a = attribute(name) else { return value }
        guard a.type == .float || (!a.hasType && a.hasF) else { throw ONNXNodeFailure("attribute '\(name)' is not a float") }
        return Double(a.f)
    }

    func string(_ name: String, default value: String) throws -> String {
        guard let a = attribute(name) else { return value }
        guard a.type == .string || (!a.hasType && a.hasS) else { throw ONNXNodeFailure("attribute '\(name)' is not a string") }
        return String(decoding: a.s, as: UTF8.self)
    }

    func ints(_ name: String) throws -> [Int]? {
        guard let a = attribute(name) else { return nil }
        guard a.type == .ints || (!a.hasType && !a.ints.isEmpty) else { throw ONNXNodeFailure("attribute '\(name)' is not a list of integers") }
        return a.ints.map { Int($0) }
    }

    /// Refuses attributes that change the meaning of the operator in ways we do not model.
    func expectDefault(_ name: String, _ expected: Int, why: String) throws {
        let given = try int(name, default: expected)
        guard given == expected else { throw ONNXNodeFailure("attribute \(name)=\(given) is not supported: \(why)") }
    }

    // MARK: - Building

    /// Closes `data` into a new layer with one activation per unit.
    func layer(_ data: ONNXDataValue, activations: [Activation]) throws -> ONNXDataValue {
        try walker.addLayer(data, map: StateMap(activations: activations),
                            preferredName: node.name.isEmpty ? (node.output.first ?? "") : node.name)
    }

    /// Closes `data` into a new layer with the given map.
    func layer(_ data: ONNXDataValue, map: StateMap) throws -> ONNXDataValue {
        try walker.addLayer(data, map: map, preferredName: node.name.isEmpty ? (node.output.first ?? "") : node.name)
    }

    /// Closes `data` into a new layer with the given activation.
    func layer(_ data: ONNXDataValue, activation: Activation) throws -> ONNXDataValue {
        try walker.addLayer(data, activation: activation,
                            preferredName: node.name.isEmpty ? (node.output.first ?? "") : node.name)
    }
}
