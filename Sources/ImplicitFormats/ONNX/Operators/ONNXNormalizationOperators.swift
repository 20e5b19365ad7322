import Foundation
import ImplicitModel

/// `BatchNormalization` in inference mode: per channel (axis 1),
/// y = scale · (x − mean) / √(var + epsilon) + B, an affine map with diagonal
/// s = scale / √(var + epsilon) and shift B − mean · s.
enum ONNXNormalizationOperators {
    static let translators: [String: ONNXOperatorRegistry.Translator] = ["BatchNormalization": .firstOutput(batchNormalization)]

    static func batchNormalization(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(5...5)
        try context.expectDefault("training_mode", 0, why: "only inference-mode normalization (running statistics) is affine")
        let epsilon = try context.float("epsilon", default: 1e-5)
        let x = try context.data(0)
        guard x.layout == .samplesInRows else {
            throw ONNXNodeFailure("the input has samples in columns, shape \(x.shapeDescription); the channel axis 1 would be the batch")
        }
        guard let channels = x.featureDims.first, channels > 0 else {
            throw ONNXNodeFailure("the input \(x.shapeDescription) has no channel axis")
        }
        let names = ["scale", "B", "mean", "var"]
        let parameters = try (1...4).map { i -> [Double] in
            let c = try context.constant(i, what: "the \(names[i - 1])")
            guard c.count == channels, c.rank == 1 else {
                throw ONNXNodeFailure("the \(names[i - 1]) has shape \(c.shapeDescription); expected (\(channels)) for \(x.shapeDescription)")
            }
            return c.values
        }
        let (scale, bias, mean, variance) = (parameters[0], parameters[1], parameters[2], parameters[3])
        var s = [Double](repeating: 0, count: channels), shift = s
        for c in 0..<channels {
            let denominator = variance[c] + epsilon
            guard denominator > 0 else {
                throw ONNXNodeFailure("var + epsilon is \(denominator) for channel \(c); it must be positive")
            }
            s[c] = scale[c] / sqrt(denominator)
            shift[c] = bias[c] - mean[c] * s[c]
        }
        // Channels are the first feature axis; the remaining extents repeat each channel's value.
        let repeats = x.size / channels
        let rowScale = s.flatMap { [Double](repeating: $0, count: repeats) }
        let rowShift = shift.flatMap { [Double](repeating: $0, count: repeats) }
        let y = x.expression.scaledRows(by: rowScale).shifted(by: rowShift)
        return .data(ONNXDataValue(y, layout: x.layout, featureDims: x.featureDims))
    }
}
