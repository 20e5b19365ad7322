/// A named group of consecutive states: a layer of the source network, or a block of a truly
/// implicit model. Its states share one activation, or carry one each (`StateMap`).
public struct StateBlock: Sendable, Hashable {
    public var name: String
    public var size: Int
    public var map: StateMap

    public init(name: String, size: Int, map: StateMap) {
        self.name = name
        self.size = size
        self.map = map
    }

    /// A block whose states all apply `activation`.
    public init(name: String, size: Int, activation: Activation) {
        self.init(name: name, size: size, map: .elementwise(activation))
    }

    /// One activation per state; nil for a block map (softmax, layer normalisation).
    public var activations: [Activation]? { map.activations(size: size) }
    /// The activation every state shares; nil when the states differ.
    public var sharedActivation: Activation? { map.sharedActivation }
}
