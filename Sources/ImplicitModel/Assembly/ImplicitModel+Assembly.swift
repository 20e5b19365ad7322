extension ImplicitModel {
    /// The implicit form of a feedforward network (El Ghaoui et al., §2): one state block per
    /// layer in topological order, so A is strictly block lower-triangular.
    ///
    /// A term `W · layer_j` of layer k becomes block A[k, j]; a term on the input becomes B[k];
    /// the readout's terms become C and D, its bias c. Only existing connections are stored:
    /// no dense n × n matrix is formed.
    /// - Throws: `ModelError` from the network's validation.
    public init(assembling network: Network) throws {
        let order = try network.topologicalOrder()
        let blockIndex = Dictionary(uniqueKeysWithValues: order.enumerated().map { (network.layers[$0.element].name, $0.offset) })
        /// Validation guarantees every source that is not the input names a layer.
        func blockOf(_ name: String) -> Int {
            guard let k = blockIndex[name] else { preconditionFailure("'\(name)' is not a layer") }
            return k
        }
        let states = order.map { i in
            StateBlock(name: network.layers[i].name, size: network.layers[i].size, map: network.layers[i].map)
        }
        self.init(input: network.input, output: Port(name: network.output.name, size: network.output.size),
                  head: network.output.head, states: states)
        for (k, i) in order.enumerated() {
            let layer = network.layers[i]
            for term in layer.terms {
                if term.source == network.input.name {
                    b[k, 0] = Self.accumulate(b[k, 0], term.weight)
                } else {
                    let j = blockOf(term.source)
                    a[k, j] = Self.accumulate(a[k, j], term.weight)
                }
            }
        }
        biasX = order.flatMap { network.layers[$0].bias }
        for term in network.output.terms {
            if term.source == network.input.name {
                d.add(term.weight)
            } else {
                let j = blockOf(term.source)
                c[0, j] = Self.accumulate(c[0, j], term.weight)
            }
        }
        biasY = network.output.bias
    }

    /// existing + w, sharing w's storage when there is nothing to add (no copy of a weight).
    private static func accumulate(_ existing: Matrix?, _ w: Matrix) -> Matrix {
        guard let existing else { return w }
        return existing + w
    }
}
