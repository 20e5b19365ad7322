/// Which (A, B, C, D) the trainer may fill in, and so how well-posedness is kept.
public enum TrainingStructure: Sendable, Equatable, Codable {
    /// A dense n × n, kept in the ball ‖A‖∞ ≤ κ < 1 (penalty (5)): each row of A is projected
    /// onto the ℓ1 ball of radius κ, which is (13) decomposed across rows.
    case implicit(states: Int)
    /// Layers of the given sizes, in order from the input: layer 1 reads u, layer l reads layer
    /// l − 1, the output reads the last layer, D = 0 (penalty (6)). A is strictly block lower
    /// triangular, so the model is a network whatever the weights, and it exports to ONNX.
    case feedforward(layers: [Int])

    public var stateCount: Int {
        switch self {
        case .implicit(let n): return n
        case .feedforward(let layers): return layers.reduce(0, +)
        }
    }

    /// The sizes of the state blocks the written model has.
    public var blockSizes: [Int] {
        switch self {
        case .implicit(let n): return [n]
        case .feedforward(let layers): return layers
        }
    }

    /// The layer (block) index of each state.
    public var blockOfState: [Int] {
        blockSizes.enumerated().flatMap { [Int](repeating: $0.offset, count: $0.element) }
    }

    /// The columns of A that row `i` may use.
    public func stateInputs(ofState i: Int) -> Range<Int> {
        switch self {
        case .implicit(let n): return 0..<n
        case .feedforward(let layers):
            let layer = Self.layer(ofState: i, layers)
            guard layer > 0 else { return 0..<0 }
            let start = layers[..<(layer - 1)].reduce(0, +)
            return start..<(start + layers[layer - 1])
        }
    }

    /// Whether row `i` of B may be nonzero.
    public func readsInput(state i: Int) -> Bool {
        switch self {
        case .implicit: return true
        case .feedforward(let layers): return Self.layer(ofState: i, layers) == 0
        }
    }

    /// The layer holding state i: O(layers), without forming `blockOfState` (n entries), which
    /// `applyStructure` would otherwise build twice for each of the n states of every gradient.
    private static func layer(ofState i: Int, _ layers: [Int]) -> Int {
        var end = 0
        for (k, size) in layers.enumerated() {
            end += size
            if i < end { return k }
        }
        preconditionFailure("state \(i) of \(end)")
    }

    /// The states the output reads (C's nonzero columns).
    public var outputStates: Range<Int> {
        switch self {
        case .implicit(let n): return 0..<n
        case .feedforward(let layers):
            let n = layers.reduce(0, +)
            return (n - (layers.last ?? 0))..<n
        }
    }

    /// Whether D (the direct input-to-output term) is trained; it is 0 in a network.
    public var hasDirectTerm: Bool {
        if case .implicit = self { return true }
        return false
    }

    /// Whether every entry of A, B, C, D may be nonzero (the implicit structure), so that
    /// `TrainingParameters.applyStructure` has nothing to zero.
    var isDense: Bool { hasDirectTerm }

    /// Whether A needs the ℓ1-ball projection (a feedforward A is well-posed by structure).
    public var constrainsNorm: Bool { hasDirectTerm }

    /// The dual weight λᵢ of every state's divergence, from the base weight ε.
    ///
    /// Implicit: λᵢ = ε. Feedforward, §4.1/§7.1: the layer next to the output gets ε, the one
    /// before it ε², …, the first layer ε^L, so that the divergences deep in the network do not
    /// dominate the loss (the paper's ε f(X₂, W₂X₁) + ε² f(X₁, W₁U)).
    public func dualWeights(base epsilon: Double) -> [Double] {
        let layers = blockSizes
        return blockOfState.map { layer in
            var weight = 1.0
            for _ in 0..<(layers.count - layer) { weight *= epsilon }
            return weight
        }
    }
}
