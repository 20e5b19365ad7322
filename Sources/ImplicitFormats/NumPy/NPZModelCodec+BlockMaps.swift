import ImplicitModel

/// The NPZ spelling of block maps: every state of a softmax block has `activation` "softmax",
/// every state of a layer-normalisation block "layer_normalization:ε" (ε as a decimal, e.g.
/// `layer_normalization:1e-05`), and the blocks are given by `state_block_sizes`, which is then
/// required. γ and β of every layer-normalisation state are in the float64 members
/// `layer_norm_scale` (n,) and `layer_norm_bias` (n,), present exactly when some block is a
/// layer normalisation (their entries at other states are 1 and 0 and are not read).
///
/// In NumPy, with z_k = (A x + B u + b)[block k]:
/// softmax: `x_k = np.exp(z_k - z_k.max()); x_k /= x_k.sum()`;
/// layer normalisation: `x_k = g_k * (z_k - z_k.mean()) / np.sqrt(z_k.var() + eps) + beta_k`.
extension NPZModelCodec {
    public static let layerNormScaleMember = "layer_norm_scale"
    public static let layerNormBiasMember = "layer_norm_bias"

    /// What one `activation` string says about its state.
    enum StateEntry: Equatable {
        case activation(Activation)
        case softmax
        case layerNormalization(epsilon: Double)

        init?(name: String) {
            if let activation = Activation(name: name) { self = .activation(activation); return }
            if name == StateMap.softmaxName { self = .softmax; return }
            let prefix = StateMap.layerNormalizationName + ":"
            guard name.hasPrefix(prefix), let epsilon = Double(name.dropFirst(prefix.count)), epsilon > 0, epsilon.isFinite else { return nil }
            self = .layerNormalization(epsilon: epsilon)
        }

        var isBlockMap: Bool {
            if case .activation = self { return false }
            return true
        }
    }

    /// The `activation` string of every state, in state order.
    static func activationStrings(_ model: ImplicitModel) -> [String] {
        model.states.flatMap { block -> [String] in
            switch block.map {
            case .elementwise, .perState:
                return (block.activations ?? []).map(\.name)
            case .softmax:
                return [String](repeating: StateMap.softmaxName, count: block.size)
            case .layerNormalization(let norm):
                return [String](repeating: "\(StateMap.layerNormalizationName):\(norm.epsilon)", count: block.size)
            }
        }
    }

    /// `layer_norm_scale` and `layer_norm_bias` when some block is a layer normalisation.
    static func blockMapMembers(_ model: ImplicitModel) -> [NPZMember] {
        guard model.states.contains(where: { if case .layerNormalization = $0.map { return true }; return false }) else { return [] }
        var scale: [Double] = [], bias: [Double] = []
        for block in model.states {
            if case .layerNormalization(let norm) = block.map {
                scale += norm.scale
                bias += norm.bias
            } else {
                scale += [Double](repeating: 1, count: block.size)
                bias += [Double](repeating: 0, count: block.size)
            }
        }
        return [NPZMember(name: layerNormScaleMember, array: NumPyArray(vector: scale)),
                NPZMember(name: layerNormBiasMember, array: NumPyArray(vector: bias))]
    }

    /// The map of the block of states `range`, whose entries are `entries[range]`.
    static func map(of entries: [StateEntry], range: Range<Int>, block: String, members: NPZMemberReader) throws(FormatError) -> StateMap {
        let slice = entries[range]
        guard let first = slice.first, first.isBlockMap else {
            var activations: [Activation] = []
            for (offset, entry) in slice.enumerated() {
                guard case .activation(let phi) = entry else {
                    throw members.failure("activation", "element \(range.lowerBound + offset) is a block map, but block '\(block)' has states with elementwise activations: a block map covers its whole block")
                }
                activations.append(phi)
            }
            return StateMap(activations: activations)
        }
        guard slice.allSatisfy({ $0 == first }) else {
            throw members.failure("activation", "the states of block '\(block)' (elements \(range.lowerBound)..<\(range.upperBound)) must all name the same block map")
        }
        switch first {
        case .softmax, .activation:
            return .softmax
        case .layerNormalization(let epsilon):
            let n = entries.count
            let scale = try members.vector(layerNormScaleMember)
            let bias = try members.vector(layerNormBiasMember)
            guard scale.count == n else { throw members.failure(layerNormScaleMember, "has \(scale.count) entries, expected \(n): one per state") }
            guard bias.count == n else { throw members.failure(layerNormBiasMember, "has \(bias.count) entries, expected \(n): one per state") }
            return .layerNormalization(LayerNormalization(epsilon: epsilon, scale: Array(scale[range]), bias: Array(bias[range])))
        }
    }
}
