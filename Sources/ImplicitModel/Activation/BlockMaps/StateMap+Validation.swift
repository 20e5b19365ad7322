extension StateMap {
    /// Checks the map against its block's size: one activation per state for `perState`, γ and β
    /// of the block's length, and ε > 0 finite for layer normalisation (ε = 0 divides by zero on
    /// a constant block and has no Lipschitz bound).
    /// - Parameter what: the block or layer, for the message (e.g. "the per-state activations of 'h1'").
    /// - Throws: `ModelError.shapeMismatch` or `.invalidModel`.
    public func validate(size: Int, owner: String) throws {
        switch self {
        case .elementwise, .softmax: return
        case .perState(let phis):
            if phis.count != size {
                throw ModelError.shapeMismatch(what: "the per-state activations of '\(owner)'", expected: "\(size)", found: "\(phis.count)")
            }
        case .layerNormalization(let norm):
            if norm.scale.count != size {
                throw ModelError.shapeMismatch(what: "the layer normalisation scale of '\(owner)'", expected: "\(size)", found: "\(norm.scale.count)")
            }
            if norm.bias.count != size {
                throw ModelError.shapeMismatch(what: "the layer normalisation bias of '\(owner)'", expected: "\(size)", found: "\(norm.bias.count)")
            }
            guard norm.epsilon > 0, norm.epsilon.isFinite else {
                throw ModelError.invalidModel("the layer normalisation epsilon of '\(owner)' is \(norm.epsilon), expected a finite value > 0")
            }
            if !(norm.scale + norm.bias).allSatisfy(\.isFinite) {
                throw ModelError.nonFinite(what: "the layer normalisation of '\(owner)'")
            }
        }
    }
}
