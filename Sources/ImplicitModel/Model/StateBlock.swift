/// A named group of consecutive states sharing one activation: a layer of the source network,
/// or a block of a truly implicit model.
public struct StateBlock: Sendable, Hashable {
    public var name: String
    public var size: Int
    public var activation: Activation

    public init(name: String, size: Int, activation: Activation) {
        self.name = name
        self.size = size
        self.activation = activation
    }
}
