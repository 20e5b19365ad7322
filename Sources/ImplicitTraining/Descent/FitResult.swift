/// What `fit` produced: the trained parameters, and the report of how it got there (its scores
/// live in the report alone, which is what `fit --json` prints).
public struct FitResult: Sendable {
    /// The parameters of the model that is written: the refined ones with `refinementSteps`,
    /// otherwise BCD's with the readout refitted.
    public var parameters: TrainingParameters
    public var report: FitReport
}
