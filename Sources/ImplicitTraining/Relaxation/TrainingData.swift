import Linalg

/// Inputs and targets, one sample per column.
public struct TrainingData: Sendable {
    /// U, p × m.
    public let inputs: Matrix
    /// Y, q × m: real targets for the squared loss, one-hot rows for cross-entropy.
    public let targets: Matrix
    /// The class of each sample, for cross-entropy (nil for regression).
    public let labels: [Int]?

    public var sampleCount: Int { inputs.cols }

    /// Regression data. - Throws: `TrainingError` for mismatched or non-finite data.
    public init(inputs: Matrix, targets: Matrix) throws(TrainingError) {
        guard inputs.cols == targets.cols else {
            throw .shape("the inputs have \(inputs.cols) samples, the targets \(targets.cols)")
        }
        guard inputs.cols > 0, inputs.rows > 0, targets.rows > 0 else { throw .shape("no samples or no features") }
        guard inputs.isFinite else { throw .nonFinite("the inputs hold a NaN or an infinity") }
        guard targets.isFinite else { throw .nonFinite("the targets hold a NaN or an infinity") }
        self.inputs = inputs
        self.targets = targets
        self.labels = nil
    }

    /// Classification data: integer labels 0..<classes, one-hot encoded.
    /// - Throws: `TrainingError` for a label that is not an integer in range.
    public init(inputs: Matrix, labels values: [Double], classes: Int? = nil) throws(TrainingError) {
        guard inputs.cols == values.count else {
            throw .shape("the inputs have \(inputs.cols) samples, the labels \(values.count)")
        }
        guard inputs.cols > 0, inputs.rows > 0 else { throw .shape("no samples or no features") }
        guard inputs.isFinite else { throw .nonFinite("the inputs hold a NaN or an infinity") }
        var labels: [Int] = []
        for (j, v) in values.enumerated() {
            guard v.isFinite, v >= 0, v == v.rounded(), v < Double(Int32.max) else {
                throw .shape("label \(j) is \(v), expected a class index 0, 1, 2, …")
            }
            labels.append(Int(v))
        }
        let q = classes ?? ((labels.max() ?? 0) + 1)
        guard q >= 2 else { throw .shape("cross-entropy needs at least 2 classes; the labels hold \(q)") }
        guard labels.allSatisfy({ $0 < q }) else { throw .shape("a label is ≥ the \(q) classes") }
        var y = Matrix(rows: q, cols: labels.count)
        for (j, label) in labels.enumerated() { y[label, j] = 1 }
        self.inputs = inputs
        self.targets = y
        self.labels = labels
    }
}
