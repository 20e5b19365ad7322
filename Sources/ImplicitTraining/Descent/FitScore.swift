import Foundation
import ImplicitModel
import Linalg

/// How well a model predicts a data set, from a real forward solve x = φ(Ax + Bu + b).
public struct FitScore: Sendable, Codable, Equatable {
    /// √((1/(mq)) Σ (y − ŷ)²) on the raw outputs (squared loss), else nil.
    public var rmse: Double?
    /// (1/m) Σ [log Σ e^{ŷ} − ŷ_label] on the raw outputs (cross-entropy), else nil.
    public var crossEntropy: Double?
    /// The fraction of samples whose largest output is their label (cross-entropy), else nil.
    public var accuracy: Double?

    /// The number the history tracks: RMSE, or the cross-entropy.
    public var error: Double { rmse ?? crossEntropy ?? .nan }

    /// Scores `model` on `data`.
    /// - Throws: `EvaluationError` when the forward solve fails.
    public init(model: ImplicitModel, data: TrainingData, loss: TrainingLoss) throws {
        let raw = try model.predict(data.inputs, applyHead: false)
        self.init(raw: raw, data: data, loss: loss)
    }

    /// Scores raw outputs Cx + Du + c (q × m).
    public init(raw: Matrix, data: TrainingData, loss: TrainingLoss) {
        switch loss {
        case .squared:
            var sum = 0.0
            let predicted = raw.columnMajorElements, targets = data.targets.columnMajorElements
            for k in predicted.indices { let r = predicted[k] - targets[k]; sum += r * r }
            rmse = (sum / Double(Swift.max(1, raw.count))).squareRoot()
        case .crossEntropy:
            crossEntropy = loss.mean(raw.columnMajorElements, data.targets.columnMajorElements, outputs: raw.rows)
            let labels = data.labels ?? []
            var correct = 0
            for j in 0..<raw.cols {
                let column = raw.column(j)
                if let best = column.indices.max(by: { column[$0] < column[$1] }), j < labels.count, best == labels[j] { correct += 1 }
            }
            accuracy = Double(correct) / Double(Swift.max(1, raw.cols))
        }
    }
}
