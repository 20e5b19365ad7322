import ImplicitModel

/// The largest difference between the outputs of a model and of its reduced or pruned version,
/// measured by predicting with both on the same inputs.
///
/// Absolute: max over samples j and outputs i of |ŷ_ij − y_ij|. Relative: max over samples of
/// ‖ŷ_j − y_j‖∞ / max(‖y_j‖∞, `relativeFloor`), per sample rather than per entry so that an output
/// that happens to be near zero does not blow the figure up. Both for the raw outputs
/// C x + D u + c and after the head (softmax, sigmoid), which for a model without head are equal.
public struct OutputDeviation: Codable, Sendable, Equatable {
    /// Where the inputs came from: "uniform in the box, seed S", "N(0, 1) per input (no input
    /// box), seed S" or "given".
    public let inputs: String
    public let samples: Int
    public let maxAbsolute: Double
    public let maxRelative: Double
    public let maxAbsoluteAfterHead: Double
    public let maxRelativeAfterHead: Double
    /// The sample (column of the inputs) where the raw absolute deviation is largest.
    public let worstSample: Int?

    /// Denominators below this are raised to it: only exactly-zero outputs are affected.
    public static let relativeFloor = Double.leastNormalMagnitude

    /// Whether the raw absolute deviation exceeds `limit` (what `--max-deviation` checks).
    public func exceeds(_ limit: Double) -> Bool { !(maxAbsolute <= limit) }

    /// Predicts with both models and compares.
    /// - Parameters:
    ///   - original: the model before reduction.
    ///   - reduced: the model after.
    ///   - inputs: p × m inputs of the original model, one sample per column.
    ///   - keptInputs: the rows of `inputs` the reduced model takes (after `dropInputs`); nil for all.
    ///   - description: how the inputs were obtained, for the report.
    /// - Throws: `ReductionError.inputShape`, or `EvaluationError` when either model cannot be solved.
    public static func measure(original: ImplicitModel, reduced: ImplicitModel, inputs: Matrix,
                               keptInputs: [Int]? = nil, description: String = "given",
                               solver: SolverOptions = SolverOptions()) throws -> OutputDeviation {
        guard inputs.rows == original.input.size else {
            throw ReductionError.inputShape(expected: original.input.size, found: inputs.rows)
        }
        let reducedInputs = keptInputs.map { inputs.submatrix(rows: $0, cols: Array(0..<inputs.cols)) } ?? inputs
        guard reducedInputs.rows == reduced.input.size else {
            throw ReductionError.inputShape(expected: reduced.input.size, found: reducedInputs.rows)
        }
        let y = try original.evaluate(inputs, options: solver).outputs
        let yReduced = try reduced.evaluate(reducedInputs, options: solver).outputs
        let raw = compare(y, yReduced)
        var headed = y, headedReduced = yReduced
        original.head.apply(toColumnsOf: &headed)
        reduced.head.apply(toColumnsOf: &headedReduced)
        let afterHead = compare(headed, headedReduced)
        return OutputDeviation(inputs: description, samples: inputs.cols, maxAbsolute: raw.absolute,
                               maxRelative: raw.relative, maxAbsoluteAfterHead: afterHead.absolute,
                               maxRelativeAfterHead: afterHead.relative, worstSample: raw.worst)
    }

    private static func compare(_ y: Matrix, _ other: Matrix) -> (absolute: Double, relative: Double, worst: Int?) {
        var absolute = 0.0, relative = 0.0, worst: Int?, sawNaN = false
        for j in 0..<y.cols {
            var difference = 0.0, scale = 0.0
            for i in 0..<y.rows {
                let d = abs(other[i, j] - y[i, j])
                if d.isNaN { sawNaN = true }
                difference = Swift.max(difference, d)
                scale = Swift.max(scale, abs(y[i, j]))
            }
            if worst == nil || difference > absolute { absolute = difference; worst = j }
            relative = Swift.max(relative, difference / Swift.max(scale, relativeFloor))
        }
        // A NaN output must show in the figures, not vanish in max().
        return sawNaN ? (.nan, .nan, worst) : (absolute, relative, worst)
    }
}
