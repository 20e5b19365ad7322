/// One weighted input of a layer or readout: `weight · source`.
public struct Term: Sendable, Equatable {
    /// The input's name or an earlier layer's name.
    public var source: String
    /// size(receiver) × size(source).
    public var weight: Matrix

    public init(source: String, weight: Matrix) {
        self.source = source
        self.weight = weight
    }
}

/// A layer of a `Network`: h = φ(Σ_terms W · source + bias), φ shared by the units or one per
/// unit (`StateMap`).
public struct Layer: Sendable, Equatable {
    public var name: String
    public var map: StateMap
    public var terms: [Term]
    /// One entry per unit; its length is the layer's size.
    public var bias: [Double]

    public var size: Int { bias.count }

    public init(name: String, map: StateMap, terms: [Term], bias: [Double]) {
        self.name = name
        self.map = map
        self.terms = terms
        self.bias = bias
    }

    /// A layer whose units all apply `activation`.
    public init(name: String, activation: Activation, terms: [Term], bias: [Double]) {
        self.init(name: name, map: .elementwise(activation), terms: terms, bias: bias)
    }

    /// One activation per unit; nil for a block map (softmax, layer normalisation).
    public var activations: [Activation]? { map.activations(size: size) }
    /// The activation every unit shares; nil when the units differ.
    public var sharedActivation: Activation? { map.sharedActivation }
}

/// The network's output: y = Σ_terms W · source + bias, then the head. No activation of its own,
/// so the last Gemm of an MLP becomes (C, D, c) rather than a state block.
public struct Readout: Sendable, Equatable {
    public var name: String
    public var terms: [Term]
    public var bias: [Double]
    public var head: OutputHead

    public var size: Int { bias.count }

    public init(name: String, terms: [Term], bias: [Double], head: OutputHead = .none) {
        self.name = name
        self.terms = terms
        self.bias = bias
        self.head = head
    }
}
