/// A named vector entering or leaving a model: the input u ∈ ℝᵖ or the output y ∈ ℝ^q.
public struct Port: Sendable, Hashable {
    public var name: String
    public var size: Int

    public init(name: String, size: Int) {
        self.name = name
        self.size = size
    }
}
