import ImplicitModel

extension ProtobufModelReader {
    /// `network`: the input, the layers and the readout, validated name by name.
    ///
    /// Layers are taken in the order listed; a term may name any layer (the schema asks writers
    /// for evaluation order, and `Network.topologicalOrder()` rejects cycles either way).
    func read(_ message: Implicit_V1_Network, budget: MemoryBudget) throws -> Network {
        let input = try port(message.input, isSet: message.hasInput, path: "network.input", allowEmpty: true)
        var sizes: [String: Int] = [input.name: input.size]
        var layerSizes: [Int] = []
        for (k, layer) in message.layers.enumerated() {
            let path = "network.layers[\(k)]"
            guard !layer.name.isEmpty else { throw error(path + ".name", "must not be empty") }
            guard sizes[layer.name] == nil else { throw error(path + ".name", "the name '\(layer.name)' is used twice") }
            let size = try dimension(layer.size, path: path + ".size", allowZero: false)
            sizes[layer.name] = size
            layerSizes.append(size)
        }

        var layers: [Layer] = []
        for (k, layer) in message.layers.enumerated() {
            let path = "network.layers[\(k)]"
            let size = layerSizes[k]
            layers.append(Layer(
                name: layer.name,
                map: try map(layer.activation, isSet: layer.hasActivation, perState: layer.unitActivations,
                             size: size, path: path, perStateField: "unit_activations"),
                terms: try terms(layer.terms, receiver: layer.name, size: size, sizes: sizes, path: path, budget: budget),
                bias: try bias(layer.bias, count: size, path: path + ".bias", budget: budget)))
        }

        guard message.hasOutput else { throw error("network.output", "missing") }
        let output = message.output
        guard !output.name.isEmpty else { throw error("network.output.name", "must not be empty") }
        guard sizes[output.name] == nil || output.name == input.name else {
            throw error("network.output.name", "the name '\(output.name)' is also a layer's")
        }
        let q = try dimension(output.size, path: "network.output.size", allowZero: false)
        // The implicit form every command works on holds a dense q × p D.
        try reserve(.matrix(rows: q, cols: input.size), from: budget, at: "network.output", "the assembled model's D")
        let readout = Readout(
            name: output.name,
            terms: try terms(output.terms, receiver: output.name, size: q, sizes: sizes, path: "network.output", budget: budget),
            bias: try bias(output.bias, count: q, path: "network.output.bias", budget: budget),
            head: try head(output.head, path: "network.output.head"))
        let network = Network(input: input, layers: layers, output: readout)
        _ = try rethrowModelError(at: "network") { try network.topologicalOrder() }
        return network
    }

    private func terms(_ messages: [Implicit_V1_Term], receiver: String, size: Int, sizes: [String: Int],
                       path: String, budget: MemoryBudget) throws -> [Term] {
        try messages.enumerated().map { j, term in
            let here = "\(path).terms[\(j)]"
            guard let sourceSize = sizes[term.source] else {
                throw error(here + ".source", "'\(receiver)' reads '\(term.source)', which is neither the input nor a layer")
            }
            guard term.source != receiver else { throw error(here + ".source", "'\(receiver)' reads itself") }
            let weight = try matrix(term.weight, isSet: term.hasWeight, rows: size, cols: sourceSize,
                                    path: here + ".weight", budget: budget)
            return Term(source: term.source, weight: weight)
        }
    }
}
