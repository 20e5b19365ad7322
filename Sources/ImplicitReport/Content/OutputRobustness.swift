import ImplicitAnalysis
import ImplicitModel
import Linalg

/// The output bounds over the ℓ∞ balls |u − x_j| ≤ ε around the samples (`report --eps`), as
/// `implicit bounds --input X --eps E` computes them with its default method (`auto`), and, for
/// a classifier (softmax head, q ≥ 2), which rows are certified.
///
/// Certification needs labels; the report has none, so each row's label is the class predicted
/// at its centre x_j (arg-max of the raw outputs, which the softmax does not change). The
/// certified fraction is therefore the share of rows whose prediction provably does not change
/// anywhere in the box — not an accuracy.
public struct OutputRobustness: Codable, Sendable, Equatable {
    /// What the bounds found: an invariant carried by the type, the bounds exist exactly when no
    /// reason is given.
    public enum Outcome: Codable, Sendable, Equatable {
        /// The bounds on the raw outputs, and the certification when the model is a classifier.
        case bounded(bounds: OutputBoundsReport, certification: CertificationReport?)
        /// The method gives no finite sound bound for this model (`BoundsError.isMethodLimitation`):
        /// the reason names the component, e.g. a cyclic component that is not an ∞-norm contraction.
        case noBound(reason: String)
    }

    /// The radius ε of every ball.
    public let eps: Double
    /// The box every ball is intersected with (`--clip lo,hi`), if any.
    public let clip: ClosedRange<Double>?
    public let outcome: Outcome

    /// - Parameters:
    ///   - samples: p × m, one sample per column: the centres of the balls.
    ///   - solver: how the centres are solved for their predicted classes.
    /// - Throws: `BoundsError.invalidInputSet` for a bad radius, samples or clip box (the caller's
    ///   input); `EvaluationError` from the predictions. A method that cannot bound the model is
    ///   not thrown but recorded as `Outcome.noBound`.
    public init(model: ImplicitModel, samples: Matrix, eps: Double, clip: ClosedRange<Double>? = nil,
                solver: SolverOptions = SolverOptions()) throws {
        self.eps = eps
        self.clip = clip
        let inputs = try InputSet(centres: samples, radius: eps, clip: clip.map { ($0.lowerBound, $0.upperBound) })
        do {
            let bounds = try OutputBounds(model: model)
            let report = try bounds.outputReport(inputs)
            var certification: CertificationReport?
            if Self.isClassifier(model) {
                let labels = try Self.predictedClasses(model, samples: samples, solver: solver)
                certification = try Certification(bounds: bounds).certify(samples: samples, labels: labels, inputs: inputs, solver: solver)
            }
            outcome = .bounded(bounds: report, certification: certification)
        } catch let error as BoundsError where error.isMethodLimitation {
            outcome = .noBound(reason: error.description)
        }
    }

    /// A softmax head over at least two outputs: the outputs are class scores and the arg-max is
    /// the prediction.
    public static func isClassifier(_ model: ImplicitModel) -> Bool {
        model.head == .softmax && model.output.size >= 2
    }

    /// The arg-max of the raw outputs at each sample (first index on ties, as `Certification`).
    static func predictedClasses(_ model: ImplicitModel, samples: Matrix, solver: SolverOptions) throws -> [Int] {
        let outputs = try model.predict(samples, applyHead: false, options: solver)
        return (0..<outputs.cols).map { j in
            let column = outputs.column(j)
            return column.indices.max { column[$0] < column[$1] } ?? 0
        }
    }
}
