import ImplicitModel

extension YAMLModelReader {
    /// `kind: network`: input, layers (name, activation, size, inputs: [{from, weight}], bias),
    /// output (name, head, inputs, bias).
    func readNetwork(_ root: YAMLValue) throws -> Network {
        try root.onlyKeys(["kind", "input", "layers", "output"])
        let inputValue = try root.required("input")
        try inputValue.onlyKeys(["name", "size", "shape"])
        let input = try port(inputValue)
        let inputShape = try sampleShape(inputValue, size: input.size ?? 0)
        var sizes: [String: Int] = [input.name: input.size ?? 0]
        var places: [String: YAMLValue] = [input.name: inputValue]

        let layerValues = try root.required("layers").sequence()
        // Sizes first, so that terms may read layers listed later (order is checked by the model).
        var declared: [(value: YAMLValue, name: String, size: Int)] = []
        for value in layerValues {
            try value.onlyKeys(["name", "activation", "size", "inputs", "bias"])
            let header = try port(value, sizeRequired: false)
            guard places[header.name] == nil else { throw value.error("the name '\(header.name)' is used twice") }
            let size: Int
            if let given = header.size { size = given }
            else if let bias = try value.optional("bias"), case .sequence(let items) = bias.node { size = items.count }
            else { throw value.error("layer '\(header.name)' needs 'size' (or an inline 'bias')") }
            guard size > 0 else { throw value.error("layer '\(header.name)' has no units") }
            sizes[header.name] = size
            places[header.name] = value
            declared.append((value, header.name, size))
        }

        let layers = try declared.map { layer in
            Layer(name: layer.name, map: try map(layer.value.required("activation"), size: layer.size),
                  terms: try terms(layer.value.optional("inputs"), receiver: layer.name, size: layer.size, sizes: sizes),
                  bias: try vector(layer.value.optional("bias"), count: layer.size, what: "the bias of '\(layer.name)'", owner: layer.value))
        }

        let outputValue = try root.required("output")
        try outputValue.onlyKeys(["name", "size", "head", "inputs", "bias"])
        let outputPort = try port(outputValue, sizeRequired: false)
        let outputSize: Int
        if let given = outputPort.size { outputSize = given }
        else if let bias = try outputValue.optional("bias"), case .sequence(let items) = bias.node { outputSize = items.count }
        else { throw outputValue.error("the output needs 'size' (or an inline 'bias')") }
        guard places[outputPort.name] == nil else { throw outputValue.error("the name '\(outputPort.name)' is used twice") }
        // The implicit form every command works on holds a dense q × p D.
        try reserve(outputSize, input.size ?? 0, for: "the assembled model's D", at: outputValue)
        let readout = Readout(name: outputPort.name,
                              terms: try terms(outputValue.optional("inputs"), receiver: outputPort.name, size: outputSize, sizes: sizes),
                              bias: try vector(outputValue.optional("bias"), count: outputSize, what: "the output bias", owner: outputValue),
                              head: try head(outputValue.optional("head")))
        let network = Network(input: Port(name: input.name, size: input.size ?? 0, shape: inputShape), layers: layers, output: readout)
        do {
            _ = try network.topologicalOrder()
        } catch let error as ModelError {
            throw (try layerPlace(for: error, layers: layerValues)).error(error.description)
        }
        return network
    }

    private func terms(_ value: YAMLValue?, receiver: String, size: Int, sizes: [String: Int]) throws -> [Term] {
        guard let value else { return [] }
        return try value.sequence().map { termValue in
            try termValue.onlyKeys(["from", "weight"])
            let fromValue = try termValue.required("from")
            let source = try fromValue.string()
            guard let sourceSize = sizes[source] else {
                throw fromValue.error("'\(receiver)' reads '\(source)', which is neither the input nor a layer")
            }
            guard source != receiver else { throw fromValue.error("'\(receiver)' reads itself: a network is acyclic") }
            let weight = try matrix(termValue.required("weight"), rows: size, cols: sourceSize,
                                    what: "the weight from '\(source)' into '\(receiver)'")
            return Term(source: source, weight: weight)
        }
    }

    /// The node to blame for a network-level error: the first layer it names, else the first layer.
    private func layerPlace(for error: ModelError, layers: [YAMLValue]) throws -> YAMLValue {
        let names: [String]
        if case .cycle(let cycle) = error { names = cycle } else { names = [] }
        for value in layers {
            if let name = try? value.required("name").string(), names.contains(name) { return value }
        }
        return layers.first ?? YAMLValue(node: .scalar(.init("")), file: file, budget: YAMLNodeBudget(bytes: 0))
    }
}
