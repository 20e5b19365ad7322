/// Removing axes of extent 1 from a tensor: what `Squeeze` does, what `Gather` with a scalar
/// index does to the axis it picks from, and what `SplitToSequence(keepdims=0)` does to its
/// parts. The numbers stay where they are, in C order; only the extents change.
extension ONNXValue {
    /// The value without `axes` (normalised axes of the tensor, each of extent 1): a constant
    /// refolded, a tensor computed from the input with fewer feature extents (a pending
    /// function stays pending, as for every shape change).
    /// - Throws: `ONNXNodeFailure` as `ONNXConstant.removingAxes` and
    ///   `ONNXDataValue.removingAxes` do.
    func removingAxes(_ axes: [Int]) throws -> ONNXValue {
        if case .constant(let c) = self { return .constant(try c.removingAxes(axes)) }
        return try mapData { try $0.removingAxes(axes) }
    }
}

extension ONNXConstant {
    /// The tensor without `axes` (normalised, each of extent 1): the same values under the
    /// other extents.
    /// - Throws: `ONNXNodeFailure` when one of the axes has another extent.
    func removingAxes(_ axes: [Int]) throws -> ONNXConstant {
        for a in axes where dims[a] != 1 { throw ONNXNodeFailure("axis \(a) of \(shapeDescription) has extent \(dims[a]), not 1") }
        return reshaped(dims.enumerated().filter { !axes.contains($0.offset) }.map(\.element))
    }
}

extension ONNXDataValue {
    /// The tensor without `axes` (normalised axes of the tensor as ONNX sees it, batch axis
    /// included, each of extent 1): the same features under fewer extents.
    /// - Throws: `ONNXNodeFailure` for the batch axis, for an axis of another extent, and when
    ///   no feature axis would be left (samples in columns, (f, N), have only one).
    func removingAxes(_ axes: [Int]) throws -> ONNXDataValue {
        // Tensor axis a is feature axis a − firstFeatureAxis.
        let (batchAxis, firstFeatureAxis) = layout == .samplesInRows ? (0, 1) : (1, 0)
        guard !axes.contains(batchAxis) else {
            throw ONNXNodeFailure("removing the batch axis \(batchAxis) of \(shapeDescription) is not supported")
        }
        for a in axes where featureDims[a - firstFeatureAxis] != 1 {
            throw ONNXNodeFailure("axis \(a) of \(shapeDescription) has extent \(featureDims[a - firstFeatureAxis]), not 1")
        }
        let kept = featureDims.enumerated().filter { !axes.contains($0.offset + firstFeatureAxis) }.map(\.element)
        guard !kept.isEmpty else {
            let removed = axes.count == 1 ? "axis \(axes[0])" : "axes \(axes)"
            throw ONNXNodeFailure("removing \(removed) of \(shapeDescription) leaves no feature axis")
        }
        return with(featureDims: kept)
    }
}
