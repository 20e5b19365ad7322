extension ImplicitModel {
    /// The implicit form of a feedforward network (El Ghaoui et al., §2): one state block per
    /// layer in topological order, so A is strictly block lower-triangular.
    ///
    /// A term `W · layer_j` of layer k becomes block A[k, j]; a term on the input becomes B[k];
    /// the readout's terms become C and D, its bias c. Only existing connections are stored:
    /// no dense n × n matrix is formed. The network's validation has read every weight, so the
    /// model's only scans the sums assembly forms (two terms between the same pair of layers,
    /// D from several input terms): each weight is checked for finiteness once.
    /// - Throws: `ModelError` from the network's validation, or a sum that overflows.
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
        var model = Builder(input: network.input, output: Port(name: network.output.name, size: network.output.size),
                            head: network.output.head, states: states)
        for (k, i) in order.enumerated() {
            let layer = network.layers[i]
            for term in layer.terms {
                if term.source == network.input.name {
                    model.b[k, 0] = try Self.accumulate(model.b[k, 0], term.weight, into: "B block (\(k), 0)")
                } else {
                    let j = blockOf(term.source)
                    model.a[k, j] = try Self.accumulate(model.a[k, j], term.weight, into: "A block (\(k), \(j))")
                }
            }
        }
        model.biasX = order.flatMap { network.layers[$0].bias }
        for term in network.output.terms {
            if term.source == network.input.name {
                model.d.add(term.weight)
            } else {
                let j = blockOf(term.source)
                model.c[0, j] = try Self.accumulate(model.c[0, j], term.weight, into: "C block (0, \(j))")
            }
        }
        model.biasY = network.output.bias
        if network.output.terms.count(where: { $0.source == network.input.name }) > 1, !model.d.isFinite {
            throw ModelError.nonFinite(what: "D")
        }
        self = try model.build(knownFinite: .all)
    }

    /// existing + w, sharing w's storage when there is nothing to add (no copy of a weight); a
    /// sum of finite weights is checked, as it can overflow.
    private static func accumulate(_ existing: Matrix?, _ w: Matrix, into what: String) throws -> Matrix {
        guard let existing else { return w }
        let sum = existing + w
        guard sum.isFinite else { throw ModelError.nonFinite(what: what) }
        return sum
    }
}
