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

    /// Axis `axis` of a tensor of `rank`, a negative one counted from the end: axis + rank when
    /// axis < 0. Every operator that takes an axis reads it here, so all say the same when it
    /// is out of range.
    /// - Parameter includingEnd: `rank` itself is an axis too (Flatten's cut after the last
    ///   axis: ONNX allows −r … r there, −r … r − 1 elsewhere).
    /// - Throws: `ONNXNodeFailure` "axis … is out of range for rank …".
    static func normalizedAxis(_ axis: Int, rank: Int, includingEnd: Bool = false) throws -> Int {
        if includingEnd, axis == rank { return rank }
        guard let a = position(axis, countedFromEndOf: rank) else {
            throw ONNXNodeFailure("axis \(axis) is out of range for rank \(rank)")
        }
        return a
    }

    /// Axes of a tensor of `rank`, each as `normalizedAxis` reads it, checked for repeats and
    /// sorted.
    static func normalizedAxes(_ axes: [Int], rank: Int) throws -> [Int] {
        let normalized = try axes.map { try normalizedAxis($0, rank: rank) }
        guard Set(normalized).count == normalized.count else { throw ONNXNodeFailure("axes \(axes) name an axis twice") }
        return normalized.sorted()
    }

    /// `given` as one of `count` positions (axes of a tensor, entries along an axis, parts of
    /// a sequence), a negative one counted from the end; nil outside 0 ..< count.
    static func position(_ given: Int, countedFromEndOf count: Int) -> Int? {
        let k = countedFromEnd(given, count: count)
        return k >= 0 && k < count ? k : nil
    }

    /// A bound of a Python slice over `count` positions (Slice's starts and ends, Shape's
    /// start and end): a negative one counted from the end, then clamped to 0 … count.
    static func sliceBound(_ given: Int, count: Int) -> Int {
        min(max(countedFromEnd(given, count: count), 0), count)
    }

    /// given + count when given < 0 (ONNX's "from the end"), else given; not checked.
    private static func countedFromEnd(_ given: Int, count: Int) -> Int {
        given < 0 ? given + count : given
    }
}
