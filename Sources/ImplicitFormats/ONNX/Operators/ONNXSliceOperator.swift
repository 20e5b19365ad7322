/// `Slice` along the feature axis (axis 1 for samples in rows, 0 for samples in columns),
/// positive steps: the expression's rows `starts, starts + step, … < ends`. What the exporter
/// writes to split a cyclic component into its blocks, so exported files read back.
///
/// Before opset 10, `starts`, `ends` and `axes` are attributes and there are no steps; from
/// opset 10 on they are inputs 2 to 5.
enum ONNXSliceOperator {
    static let translators: [String: ONNXOperatorRegistry.Translator] = ["Slice": .firstOutput(slice)]

    /// The opset from which Slice takes its parameters as inputs.
    static let inputsSinceOpset = 10

    static func slice(_ context: ONNXNodeContext) throws -> ONNXValue {
        let starts: [Int], ends: [Int], axes: [Int], steps: [Int]
        if context.opset < inputsSinceOpset {
            try context.expectInputs(1...1)
            guard let s = try context.ints("starts"), let e = try context.ints("ends") else {
                throw ONNXNodeFailure("attributes 'starts' and 'ends' are required before opset \(inputsSinceOpset)")
            }
            let limit = Int(ONNXConstant.exactIntegerLimit)
            (starts, ends) = (s.map { min(max($0, -limit), limit) }, e.map { min(max($0, -limit), limit) })
            axes = try context.ints("axes") ?? Array(0..<starts.count)
            steps = [Int](repeating: 1, count: starts.count)
        } else {
            try context.expectInputs(3...5)
            starts = try clamped(context.constant(1, what: "starts"))
            ends = try clamped(context.constant(2, what: "ends"))
            axes = context.hasInput(3) ? try clamped(context.constant(3, what: "axes")) : Array(0..<starts.count)
            steps = context.hasInput(4) ? try clamped(context.constant(4, what: "steps")) : [Int](repeating: 1, count: starts.count)
        }
        guard starts.count == 1, ends.count == 1, axes.count == 1, steps.count == 1 else {
            throw ONNXNodeFailure("only a slice along one axis is supported")
        }
        guard steps[0] > 0 else { throw ONNXNodeFailure("step \(steps[0]) is not positive; only forward slices are supported") }
        let x = try context.data(0)
        let axis = try ONNXNodeContext.normalizedAxis(axes[0], rank: x.rank)
        let featureAxis = x.layout == .samplesInRows ? 1 : 0
        guard x.featureDims.count == 1, axis == featureAxis else {
            throw ONNXNodeFailure("slicing axis \(axes[0]) of \(x.shapeDescription) is not supported; only the feature axis of a 2-D tensor")
        }
        let extent = x.size
        let rows = Array(stride(from: ONNXNodeContext.sliceBound(starts[0], count: extent),
                                to: ONNXNodeContext.sliceBound(ends[0], count: extent), by: steps[0]))
        guard !rows.isEmpty else { throw ONNXNodeFailure("the slice is empty") }
        return .data(ONNXDataValue(x.expression.selectingRows(rows), layout: x.layout, featureDims: [rows.count]))
    }

    /// Integer values with ONNX's "to the end" sentinels (±(2⁶³−1), not exact as doubles)
    /// clamped to ±2⁵³, far beyond any feature extent.
    private static func clamped(_ c: ONNXConstant) throws -> [Int] {
        guard c.isInteger, c.rank <= 1 else { throw ONNXNodeFailure("slice parameters must be 1-D integer tensors") }
        let limit = ONNXConstant.exactIntegerLimit
        return c.values.map { Int(min(max($0, -limit), limit)) }
    }
}
