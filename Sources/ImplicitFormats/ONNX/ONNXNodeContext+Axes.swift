/// Parameters that ONNX moved from attributes to inputs (the operator changelog): Squeeze and
/// Unsqueeze `axes` in opset 13, ReduceMean `axes` in opset 18, Slice `starts`/`ends`/`axes`
/// in opset 10. Before the opset a node carries the attribute, from it on the input; a node
/// written with the other form is refused, since onnxruntime would refuse it too.
extension ONNXNodeContext {
    /// The integers given by attribute `name` before `opset`, or by input `input` from it on;
    /// nil when the node gives neither (the parameter is optional).
    func integersMovedToInput(_ name: String, input: Int, sinceOpset since: Int) throws -> [Int]? {
        if opset < since {
            if hasInput(input) {
                throw ONNXNodeFailure("gives '\(name)' as input \(input + 1), which opset \(opset) does not have (it is an input from opset \(since) on, an attribute before)")
            }
            return try ints(name)
        }
        if attribute(name) != nil {
            throw ONNXNodeFailure("gives '\(name)' as an attribute, which opset \(opset) does not have (it is input \(input + 1) from opset \(since) on)")
        }
        guard hasInput(input) else { return nil }
        let c = try constant(input, what: "'\(name)'")
        guard c.isInteger, c.rank <= 1 else { throw ONNXNodeFailure("'\(name)' must be a 1-D integer tensor, not \(c.shapeDescription)") }
        return try c.integers(what: "'\(name)'")
    }

    /// Axes of a tensor of `rank`, negative ones counted from the end, checked and sorted.
    static func normalizedAxes(_ axes: [Int], rank: Int) throws -> [Int] {
        let normalized = try axes.map { axis -> Int in
            let a = axis < 0 ? axis + rank : axis
            guard a >= 0, a < rank else { throw ONNXNodeFailure("axis \(axis) is out of range for rank \(rank)") }
            return a
        }
        guard Set(normalized).count == normalized.count else { throw ONNXNodeFailure("axes \(axes) name an axis twice") }
        return normalized.sorted()
    }
}
