import ImplicitModel

/// PyTorch's legacy decomposition of `nn.LayerNorm` at opsets below 17, where ONNX has no
/// LayerNormalization operator:
///
///     m = ReduceMean(x, axes=[-1]);  c = Sub(x, m);  v = ReduceMean(Pow(c, 2), axes=[-1])
///     y = Div(c, Sqrt(Add(v, ε)))          (then Mul by γ and Add β, affine, read as usual)
///
/// recognised on the graph's structure before the walk, and only when the tensors are provably
/// the same: both means and the Sub read the one tensor x (the Sub's first input and the first
/// mean's input are the same name), Pow and Div read the one centred tensor c, and no tensor
/// inside the pattern (m, c, c², v, v + ε, √·) is read by any node outside it or is a graph
/// output. The walk then skips the interior nodes and translates the Div as the
/// `layer_normalization` block map of x with γ = 1, β = 0 (`translate`), after checking what
/// only values can tell: the exponent is the constant 2, ε a positive scalar constant, and x has
/// one feature axis (axis −1 is then every feature). Anything else is left to the operators one
/// by one, which refuse the Sub of x and its mean with the node named.
struct ONNXLayerNormalizationPattern {
    /// The Div node that becomes the layer.
    let divNode: Int
    /// x, the normalised tensor.
    let input: String
    let exponent: String
    let epsilon: String
    /// The nodes between x and the Div (the two ReduceMeans, Sub, Pow, Add, Sqrt).
    let interior: [Int]

    /// Every pattern of the graph, by its Div node.
    static func find(in index: ONNXGraphIndex) -> [Int: ONNXLayerNormalizationPattern] {
        let nodes = index.graph.node
        var readers: [String: [Int]] = [:]
        for (k, node) in nodes.enumerated() { for input in node.input where !input.isEmpty { readers[input, default: []].append(k) } }
        let graphOutputs = Set(index.graph.output.map(\.name))
        func producer(_ tensor: String, _ op: String) -> Int? {
            guard let (k, j) = index.producers[tensor], j == 0, nodes[k].opType == op, nodes[k].domain.isEmpty || nodes[k].domain == "ai.onnx" else { return nil }
            return k
        }
        func meanOverLastAxis(_ k: Int) -> Bool {
            let node = nodes[k]
            let axes = node.attribute.first { $0.name == "axes" }?.ints
            let keepdims = node.attribute.first { $0.name == "keepdims" }.map { $0.i != 0 } ?? true
            return node.input.count == 1 && axes == [-1] && keepdims
        }
        var found: [Int: ONNXLayerNormalizationPattern] = [:]
        for (d, div) in nodes.enumerated() where div.opType == "Div" && div.input.count == 2 && (div.domain.isEmpty || div.domain == "ai.onnx") {
            let centred = div.input[0]
            guard let sub = producer(centred, "Sub"), nodes[sub].input.count == 2,
                  let mean = producer(nodes[sub].input[1], "ReduceMean"), meanOverLastAxis(mean),
                  nodes[mean].input[0] == nodes[sub].input[0],
                  let sqrt = producer(div.input[1], "Sqrt"), nodes[sqrt].input.count == 1,
                  let add = producer(nodes[sqrt].input[0], "Add"), nodes[add].input.count == 2 else { continue }
            let x = nodes[sub].input[0]
            // v + ε in either order.
            let candidates = [(nodes[add].input[0], nodes[add].input[1]), (nodes[add].input[1], nodes[add].input[0])]
            guard let (varianceTensor, epsilonTensor) = candidates.first(where: { producer($0.0, "ReduceMean") != nil }),
                  let variance = producer(varianceTensor, "ReduceMean"), meanOverLastAxis(variance),
                  let pow = producer(nodes[variance].input[0], "Pow"), nodes[pow].input.count == 2,
                  nodes[pow].input[0] == centred else { continue }
            let interior = [mean, sub, pow, variance, add, sqrt]
            let members = Set(interior + [d])
            let inside = [nodes[mean].output[0], centred, nodes[pow].output[0], varianceTensor, nodes[add].output[0], div.input[1]]
            guard inside.allSatisfy({ tensor in !graphOutputs.contains(tensor) && (readers[tensor] ?? []).allSatisfy(members.contains) }),
                  interior.allSatisfy({ nodes[$0].output.count == 1 }) else { continue }
            found[d] = ONNXLayerNormalizationPattern(divNode: d, input: x, exponent: nodes[pow].input[1],
                                                     epsilon: epsilonTensor, interior: interior)
        }
        return found
    }

    /// The layer: LN(x) with γ = 1, β = 0.
    func translate(_ context: ONNXNodeContext) throws -> ONNXValue {
        let walker = context.walker
        guard case .constant(let power) = try walker.value(of: exponent), power.count == 1, power.values[0] == 2 else {
            throw ONNXNodeFailure("looks like a LayerNorm decomposition but the Pow exponent '\(exponent)' is not the constant 2")
        }
        guard case .constant(let eps) = try walker.value(of: epsilon), eps.count == 1, eps.values[0] > 0, eps.values[0].isFinite else {
            throw ONNXNodeFailure("looks like a LayerNorm decomposition but ε '\(epsilon)' is not a positive scalar constant")
        }
        guard case .data(let x) = try walker.value(of: input) else {
            throw ONNXNodeFailure("looks like a LayerNorm decomposition of '\(input)', which is not a tensor computed from the input")
        }
        guard x.layout == .samplesInRows, x.featureDims.count == 1 else {
            throw ONNXNodeFailure("a LayerNorm decomposition over the last axis of \(x.shapeDescription) normalises part of the features; only a normalisation over every feature is supported")
        }
        return .data(try context.layer(x, map: .layerNormalization(LayerNormalization(size: x.size, epsilon: eps.values[0]))))
    }
}
