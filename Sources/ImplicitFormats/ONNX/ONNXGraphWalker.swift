import ImplicitModel

/// One walk of an ONNX graph towards one output, producing a `Network`.
///
/// Only the nodes the output depends on are translated (so ArgMax / ArrayFeatureExtractor /
/// ZipMap label branches of classifiers are never looked at), in a topological order of that
/// subgraph. Each node goes through the operator registry; an activation closes its argument's
/// expression into a new `Layer` and the node's value becomes `I · layer`.
final class ONNXGraphWalker {
    let index: ONNXGraphIndex
    let registry: ONNXOperatorRegistry
    /// The graph output being followed.
    let outputName: String
    /// What the walk may still allocate (`MemoryLimit`): every value it keeps is reserved.
    let memory: MemoryBudget
    /// Weights stored as FLOAT stay float32 in memory (`ONNXImporter.keepsFloat32Weights`).
    let keepsFloat32Weights: Bool

    private var values: [String: ONNXValue] = [:]
    /// Tensors known to be f(z) of an earlier tensor z though their value is affine or a pending
    /// sigmoid (`x / √2`, `Sigmoid(x)`): what lets `x · Sigmoid(x)` be recognised.
    var pointwiseViews: [String: ONNXPointwise] = [:]
    private var decodedInitializers: [String: ONNXConstant] = [:]
    /// The storage of weights the current node decoded with `initializerMatrix` (reserved then):
    /// its result may keep them as they are, and must not reserve them again.
    private var weightsOfThisNode = Set<UnsafeRawPointer>()
    private(set) var layers: [Layer] = []
    private var takenNames: Set<String>
    /// Remarks for the user (for example skl2onnx's multi-output Reshape).
    private(set) var notes: [String] = []

    init(index: ONNXGraphIndex, registry: ONNXOperatorRegistry, outputName: String, memory: MemoryBudget,
         keepsFloat32Weights: Bool = false) {
        self.index = index
        self.registry = registry
        self.outputName = outputName
        self.memory = memory
        self.keepsFloat32Weights = keepsFloat32Weights
        takenNames = [index.input.name, outputName]
    }

    /// Translates the subgraph of `outputName` into a network.
    /// - Throws: `FormatError` naming the node (`node 'fc1' (Gemm)`) or output at fault.
    func run() throws -> Network {
        let layerNorms = ONNXLayerNormalizationPattern.find(in: index)
        let skipped = Set(layerNorms.values.flatMap(\.interior))
        for k in try nodesInOrder() where !skipped.contains(k) {
            let node = index.graph.node[k]
            let place = ONNXGraphIndex.place(node, index: k)
            do {
                if let pattern = layerNorms[k], let first = node.output.first {
                    values[first] = try pattern.translate(ONNXNodeContext(node: node, nodeIndex: k, walker: self))
                    continue
                }
                guard node.domain.isEmpty || node.domain == "ai.onnx", let translator = registry.translators[node.opType] else {
                    throw ONNXNodeFailure("operator \(node.domain.isEmpty ? "" : node.domain + ".")\(node.opType) is not supported; supported operators: \(registry.supportedOperators.joined(separator: ", "))")
                }
                let context = ONNXNodeContext(node: node, nodeIndex: k, walker: self)
                let results: [ONNXValue]
                switch translator {
                case .firstOutput(let translate):
                    guard let first = node.output.first, !first.isEmpty else { throw ONNXNodeFailure("the node has no output") }
                    results = [try translate(context)]
                case .everyOutput(let translate):
                    results = try translate(context)
                    guard results.count == node.output.count else {
                        throw ONNXNodeFailure("computed \(results.count) outputs for the node's \(node.output.count)")
                    }
                }
                // Outputs left unnamed are optional ones the graph does not read.
                for (name, value) in zip(node.output, results) where !name.isEmpty {
                    try reserveNewNumbers(of: value, reading: node.input)
                    values[name] = value
                }
                weightsOfThisNode.removeAll()
            } catch let failure as ONNXNodeFailure {
                throw failure.error(in: index.file, at: place)
            }
        }
        return try readout()
    }

    // MARK: - Values

    /// The value of a tensor a node reads.
    func value(of name: String) throws -> ONNXValue {
        if let value = values[name] { return value }
        if let cached = decodedInitializers[name] { return .constant(cached) }
        if let tensor = index.initializers[name] {
            let constant = try ONNXTensorDecoder.decode(tensor, what: "initializer '\(name)'", memory: memory)
            try memory.reserve(constant.count, for: "initializer '\(name)'")
            decodedInitializers[name] = constant
            index.releaseRawData(name)
            return .constant(constant)
        }
        if name == index.input.name {
            return .data(ONNXDataValue(.variable(name, size: index.input.size),
                                       layout: .samplesInRows, featureDims: index.inputFeatureDims))
        }
        if index.graphInputs.contains(name) { return .otherGraphInput(name) }
        if let (k, j) = index.producers[name], j > 0 {
            let node = index.graph.node[k]
            throw ONNXNodeFailure("'\(name)' is output \(j + 1) of \(ONNXGraphIndex.place(node, index: k)); only the first output of \(node.opType) is supported")
        }
        throw ONNXNodeFailure("'\(name)' is not computed before it is read")
    }

    /// True when `name` is an initializer that `value(of:)` has not decoded yet.
    func isUndecodedInitializer(_ name: String) -> Bool {
        values[name] == nil && decodedInitializers[name] == nil && index.initializers[name] != nil
    }

    /// An initializer not decoded yet, as the row-major matrix M of its 2-D values, read from its
    /// raw data in one pass and not cached: weights are read once.
    /// nil when `name` is not such an initializer (the caller goes through `value(of:)`).
    func initializerMatrix(_ name: String) throws -> Matrix? {
        guard values[name] == nil, decodedInitializers[name] == nil, let tensor = index.initializers[name],
              let matrix = try ONNXTensorDecoder.matrix(tensor, what: "initializer '\(name)'",
                                                           keepingFloat32: keepsFloat32Weights, memory: memory)
        else { return nil }
        try memory.reserve(matrix.count, for: "initializer '\(name)'")
        if let id = matrix.storageIdentity { weightsOfThisNode.insert(id) }
        index.releaseRawData(name)
        return matrix
    }

    /// Reserves the numbers a node's value holds that none of its inputs holds already: shape
    /// operators pass arrays through, and Add keeps the coefficients of its operand.
    private func reserveNewNumbers(of value: ONNXValue, reading inputs: [String]) throws {
        var known = weightsOfThisNode
        for name in inputs where !name.isEmpty {
            guard let input = values[name] ?? decodedInitializers[name].map(ONNXValue.constant) else { continue }
            for buffer in input.numberBuffers { if let id = buffer.identity { known.insert(id) } }
        }
        let count = value.numberBuffers.reduce(0) { total, buffer in
            buffer.identity.map(known.contains) == true ? total : total + buffer.count
        }
        try memory.reserve(count, for: "the result")
    }

    /// Checks that a result of `rows` × `cols` doubles would fit in the memory budget, before it
    /// is computed (it is reserved once made).
    func checkFits(rows: Int, cols: Int, what: String) throws {
        try memory.check(rows: rows, cols: cols, for: what)
    }

    /// Reserves the dense matrices a layer or readout made of `expression` will hold that the
    /// expression does not hold yet: its selections (`I · source` and its slices), spelled out.
    private func reserveSpelledOut(_ expression: AffineExpression, what: String) throws {
        for term in expression.terms where term.coefficient.isSelection {
            try memory.reserve(rows: term.coefficient.rows, cols: term.coefficient.cols, for: "\(what) '\(term.source)'")
        }
    }

    /// Replaces a tensor's value (a pending sigmoid that became a layer).
    func update(_ name: String, to value: ONNXValue) { values[name] = value }

    /// Closes an affine tensor into a new layer `φ(expression)` and returns `I · layer`.
    func addLayer(_ data: ONNXDataValue, activation: Activation, preferredName: String) throws -> ONNXDataValue {
        try addLayer(data, map: .elementwise(activation), preferredName: preferredName)
    }

    /// Closes an affine tensor into a new layer with the given map (one activation per unit for
    /// `.perState`) and returns `I · layer`.
    func addLayer(_ data: ONNXDataValue, map: StateMap, preferredName: String) throws -> ONNXDataValue {
        let expression = data.expression
        try reserveSpelledOut(expression, what: "the layer's weight on")
        let name = uniqueName(preferredName)
        layers.append(Layer(name: name, map: map, terms: expression.modelTerms, bias: expression.constant))
        return ONNXDataValue(.variable(name, size: expression.size), layout: data.layout, featureDims: data.featureDims)
    }

    /// The name a layer made from tensor `tensor` gets: its node's name, else the tensor's.
    func layerName(forTensor tensor: String) -> String {
        if let (k, _) = index.producers[tensor], !index.graph.node[k].name.isEmpty { return index.graph.node[k].name }
        return tensor
    }

    func note(_ text: String) { if !notes.contains(text) { notes.append(text) } }

    private func uniqueName(_ preferred: String) -> String {
        let base = preferred.isEmpty ? "layer" : preferred
        var name = base, suffix = 2
        while takenNames.contains(name) { name = "\(base)_\(suffix)"; suffix += 1 }
        takenNames.insert(name)
        return name
    }

    // MARK: - Order

    /// The nodes `outputName` depends on, parents first (Kahn's algorithm, ties in file order).
    private func nodesInOrder() throws -> [Int] {
        var needed = Set<Int>()
        var pending = [outputName]
        var seen: Set<String> = [outputName]
        while let name = pending.popLast() {
            guard let (k, _) = index.producers[name] else {
                if index.initializers[name] != nil || index.graphInputs.contains(name) { continue }
                throw FormatError(file: index.file, place: "tensor '\(name)'", "is neither a graph input, an initializer nor the output of a node")
            }
            guard needed.insert(k).inserted else { continue }
            for input in index.graph.node[k].input where !input.isEmpty && seen.insert(input).inserted {
                pending.append(input)
            }
        }
        var readers: [Int: [Int]] = [:]
        var remaining: [Int: Int] = [:]
        for k in needed {
            let parents = Set(index.graph.node[k].input.compactMap { index.producers[$0]?.node })
            remaining[k] = parents.count
            for parent in parents { readers[parent, default: []].append(k) }
        }
        var ready = needed.filter { remaining[$0] == 0 }.sorted()
        var order: [Int] = []
        while !ready.isEmpty {
            let k = ready.removeFirst()
            order.append(k)
            for reader in readers[k] ?? [] {
                remaining[reader, default: 0] -= 1
                if remaining[reader] == 0 {
                    ready.insert(reader, at: ready.firstIndex { $0 > reader } ?? ready.endIndex)
                }
            }
        }
        guard order.count == needed.count else {
            let stuck = needed.subtracting(order).min() ?? 0
            throw FormatError(file: index.file, place: ONNXGraphIndex.place(index.graph.node[stuck], index: stuck),
                              "the graph has a cycle through this node")
        }
        return order
    }

    // MARK: - Output

    private func readout() throws -> Network {
        let place = "output '\(outputName)'"
        let final: ONNXValue
        do {
            final = try value(of: outputName)
        } catch let failure as ONNXNodeFailure {
            throw failure.error(in: index.file, at: place)
        }
        let data: ONNXDataValue, head: OutputHead
        switch final {
        case .data(let d): (data, head) = (d, .none)
        case .sigmoid(let d): (data, head) = (d, .sigmoid)
        case .softmax(let d): (data, head) = (d, .softmax)
        case .pointwise(let p):
            do {
                (data, head) = (try materialize(p, tensor: outputName), .none)
            } catch let failure as ONNXNodeFailure {
                throw failure.error(in: index.file, at: place)
            }
        case .constant:
            throw FormatError(file: index.file, place: place, "does not depend on the input '\(index.input.name)'")
        case .sequence(let parts):
            throw FormatError(file: index.file, place: place, "is a sequence of \(parts.count) tensors; only a tensor (N, outputs) is supported")
        case .shape(let s):
            throw FormatError(file: index.file, place: place, "is the extents \(s.description) of a tensor, not computed from the values of the input '\(index.input.name)'")
        case .otherGraphInput(let name):
            throw FormatError(file: index.file, place: place, "is the graph input '\(name)', not computed from '\(index.input.name)'")
        }
        guard data.layout == .samplesInRows else {
            throw FormatError(file: index.file, place: place, "has samples in columns, shape \(data.shapeDescription); only (N, outputs) is supported")
        }
        guard data.featureDims.count == 1 else {
            throw FormatError(file: index.file, place: place, "has shape \(data.shapeDescription); only (N, outputs) is supported")
        }
        // The implicit form every command works on holds a dense q × p D.
        do {
            try memory.reserve(rows: data.size, cols: index.input.size)
        } catch {
            throw FormatError(file: index.file, place: place, refusing: "the assembled model's D", error)
        }
        let expression = data.expression
        do {
            try reserveSpelledOut(expression, what: "the readout's weight on")
        } catch let failure as ONNXNodeFailure {
            throw failure.error(in: index.file, at: place)
        }
        let readout = Readout(name: outputName, terms: expression.modelTerms, bias: expression.constant, head: head)
        return Network(input: index.input, layers: layers, output: readout)
    }
}
