/// One line of the training history: the state after a BCD sweep (iteration 0 is the start).
public struct FitHistoryEntry: Sendable, Codable, Equatable {
    public var iteration: Int
    /// J and its terms at the end of the sweep.
    public var objective: RelaxedObjective
    /// J after each block of the sweep, in order: (C, D, c), P, X, (A, B, b) (with the column
    /// penalty: model, P, X, model).
    public var blockObjectives: [Double]
    /// The training error of the model as it stands, by a forward solve.
    public var training: FitScore
    public var validation: FitScore?
    /// How the X-step was solved in this sweep.
    public var hiddenStateMethod: HiddenStateMethod?
    /// Seconds since training started.
    public var elapsed: Double
}

/// What `fit` produced: the model's parameters and how it got there.
public struct FitResult: Sendable {
    public var parameters: TrainingParameters
    public var history: [FitHistoryEntry]
    /// The training error of BCD's last sweep, by a forward solve.
    public var bcdTraining: FitScore
    /// After refitting (C, D, c) on the forward states: the model that is written.
    public var readoutRefitTraining: FitScore
    public var readoutRefitValidation: FitScore?
}
