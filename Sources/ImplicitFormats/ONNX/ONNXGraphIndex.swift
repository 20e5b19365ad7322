import ImplicitModel

/// What the importer looks up in an ONNX graph, built once per file: initializers and node
/// outputs by name, the model's input, the default-domain opset.
struct ONNXGraphIndex {
    /// Extents beyond this in the input's shape are refused before anything is sized by them.
    static let maximumFeatureCount = 1 << 24
    /// The oldest default-domain opset read: 7, where Gemm lost its `broadcast` attribute and
    /// the operators we read took the meaning they have today. docs/formats.md lists, per
    /// operator, the versions followed up to opset 23; later opsets are read with those forms.
    static let oldestOpset = 7

    let file: String
    let graph: Onnx_GraphProto
    /// The version of the default (ai.onnx) operator set.
    let opset: Int
    let initializers: [String: Onnx_TensorProto]
    /// Tensor name → (node index, output position).
    let producers: [String: (node: Int, output: Int)]
    /// Graph inputs that have no initializer of the same name.
    let graphInputs: Set<String>
    /// The model's input: the first graph input that is not an initializer.
    let input: Port
    /// Its non-batch extents (product `input.size`).
    let inputFeatureDims: [Int]
    /// A fixed batch extent, when the input's first dimension is a number.
    let batchSize: Int?
    /// Called with an initializer's name once its payload has been decoded (a mapped file
    /// releases the pages; see `ONNXImporter.read(contentsOf:)`).
    var releaseRawData: (String) -> Void = { _ in }

    init(file: String, model: Onnx_ModelProto) throws {
        self.file = file
        guard model.hasGraph else { throw FormatError(file: file, "the file holds no graph (is it an ONNX model?)") }
        graph = model.graph
        let defaultSets = model.opsetImport.filter { $0.domain.isEmpty || $0.domain == "ai.onnx" }
        guard defaultSets.count <= 1 else {
            throw FormatError(file: file, "the model imports the default operator set twice (opset_import versions \(defaultSets.map(\.version)))")
        }
        guard let defaultSet = defaultSets.first else {
            throw FormatError(file: file, "the model imports no version of the default operator set (opset_import)")
        }
        opset = Int(defaultSet.version)
        guard opset >= ONNXGraphIndex.oldestOpset else {
            throw FormatError(file: file, "the model imports opset \(opset) of the default operator set; the importer reads opsets \(ONNXGraphIndex.oldestOpset) and later (docs/formats.md lists each operator's versions)")
        }
        guard !(1...2).contains(model.irVersion) else {
            throw FormatError(file: file, "IR version \(model.irVersion) predates operator-set imports; the importer reads IR versions 3 and later")
        }

        // Two values for one name, or one tensor's value given twice, would be read one way
        // here and another elsewhere (onnxruntime takes the first initializer of a name):
        // onnx.checker refuses them all, and so do we.
        var initializers: [String: Onnx_TensorProto] = [:]
        for tensor in graph.initializer {
            let place = "initializer '\(tensor.name)'"
            guard initializers.updateValue(tensor, forKey: tensor.name) == nil else {
                throw FormatError(file: file, place: place, "is given twice (an ONNX graph names each initializer once)")
            }
            if let fields = ONNXTensorDecoder.valueFieldsIfMoreThanOne(tensor) {
                throw FormatError(file: file, place: place, "holds its values twice, in \(fields) (a tensor has one value field)")
            }
        }
        self.initializers = initializers
        var inputNames = Set<String>()
        for input in graph.input where !inputNames.insert(input.name).inserted {
            throw FormatError(file: file, place: "input '\(input.name)'", "is declared twice (an ONNX graph names each input once)")
        }

        var producers: [String: (node: Int, output: Int)] = [:]
        for (k, node) in graph.node.enumerated() {
            var attributes = Set<String>()
            for attribute in node.attribute where !attributes.insert(attribute.name).inserted {
                throw FormatError(file: file, place: ONNXGraphIndex.place(node, index: k),
                                  "the attribute '\(attribute.name)' is given twice (a node sets each attribute once)")
            }
            for (j, name) in node.output.enumerated() where !name.isEmpty {
                guard producers[name] == nil, initializers[name] == nil else {
                    throw FormatError(file: file, place: ONNXGraphIndex.place(node, index: k),
                                      "the tensor '\(name)' is produced twice (an ONNX graph assigns each name once)")
                }
                producers[name] = (k, j)
            }
        }
        self.producers = producers

        let inputs = graph.input.filter { initializers[$0.name] == nil }
        graphInputs = Set(inputs.map(\.name))
        guard let first = inputs.first else { throw FormatError(file: file, "the graph has no input") }
        let place = "input '\(first.name)'"
        guard case .tensorType(let tensorType)? = first.type.value else {
            throw FormatError(file: file, place: place, "is not a tensor")
        }
        guard tensorType.elemType == ONNXDataType.float || tensorType.elemType == ONNXDataType.double else {
            throw FormatError(file: file, place: place, "has element type \(ONNXDataType.name(tensorType.elemType)); only FLOAT and DOUBLE inputs are supported")
        }
        guard tensorType.hasShape, tensorType.shape.dim.count >= 2 else {
            let rank = tensorType.hasShape ? "rank \(tensorType.shape.dim.count)" : "no shape"
            throw FormatError(file: file, place: place, "has \(rank); expected (N, features)")
        }
        var featureDims: [Int] = []
        for dim in tensorType.shape.dim.dropFirst() {
            guard case .dimValue(let extent)? = dim.value, extent > 0, extent <= Int64(ONNXGraphIndex.maximumFeatureCount) else {
                throw FormatError(file: file, place: place, "has a feature extent that is not a positive number (\(ONNXGraphIndex.describe(dim))); every axis but the batch must be fixed")
            }
            featureDims.append(Int(extent))
        }
        let p = featureDims.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        guard p <= ONNXGraphIndex.maximumFeatureCount else {
            throw FormatError(file: file, place: place, "has \(featureDims) features, beyond the importer's limit of \(ONNXGraphIndex.maximumFeatureCount)")
        }
        if case .dimValue(let extent)? = tensorType.shape.dim[0].value, extent > 0 { batchSize = Int(extent) } else { batchSize = nil }
        input = Port(name: first.name, size: p, shape: featureDims)
        inputFeatureDims = featureDims
    }

    /// An extent as ONNX tools print it: a number, a symbolic name in quotes, or `?`.
    static func describe(_ dim: Onnx_TensorShapeProto.Dimension) -> String {
        switch dim.value {
        case .dimValue(let extent)?: return "\(extent)"
        case .dimParam(let name)?: return "'\(name)'"
        case nil: return "?"
        }
    }

    /// `node 'NAME' (OpType)`, or the node's position and first output when it has no name.
    static func place(_ node: Onnx_NodeProto, index: Int) -> String {
        let op = node.domain.isEmpty || node.domain == "ai.onnx" ? node.opType : "\(node.domain).\(node.opType)"
        if !node.name.isEmpty { return "node '\(node.name)' (\(op))" }
        return "node #\(index) → '\(node.output.first ?? "")' (\(op))"
    }

    /// The graph outputs that hold floating-point tensors, in graph order.
    var floatOutputs: [String] {
        graph.output.compactMap { output in
            guard case .tensorType(let t)? = output.type.value,
                  t.elemType == ONNXDataType.float || t.elemType == ONNXDataType.double else { return nil }
            return output.name
        }
    }
}
