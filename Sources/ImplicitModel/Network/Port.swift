/// A named vector entering or leaving a model: the input u ∈ ℝᵖ or the output y ∈ ℝ^q.
public struct Port: Sendable, Hashable {
    public var name: String
    public var size: Int
    /// The extents of one sample when the vector is a flattened tensor, outermost first, in C
    /// order (an image input (C, H, W) has p = C·H·W); nil for a plain vector. Formats that
    /// can say it keep it (ONNX writes the input with this shape and flattens it first).
    public var shape: [Int]?

    /// A port of `size` entries; `shape`, when given, must multiply to `size` and have more
    /// than one extent (a single extent is the plain vector, stored as nil).
    public init(name: String, size: Int, shape: [Int]? = nil) {
        self.name = name
        self.size = size
        self.shape = shape.flatMap { $0.count > 1 ? $0 : nil }
    }

    /// `shape` when it describes `size` entries, otherwise nil.
    public var validShape: [Int]? {
        guard let shape, shape.allSatisfy({ $0 > 0 }),
              shape.reduce(1, { $0.multipliedReportingOverflow(by: $1).overflow ? -1 : $0 * $1 }) == size else { return nil }
        return shape
    }
}
