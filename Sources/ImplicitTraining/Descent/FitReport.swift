/// What `fit` reports: the options, the history of the sweeps and the errors of the written
/// model, each by a forward solve. BCD's own figure and the readout refit's are kept apart.
public struct FitReport: Sendable, Codable {
    public var options: FitOptions
    public var history: [FitHistoryEntry]
    /// The training error after the last BCD sweep (forward solve of that model).
    public var bcdTraining: FitScore
    /// The training error of the written model: BCD's, with (C, D, c) refitted on the exact states.
    public var readoutRefitTraining: FitScore
    public var readoutRefitValidation: FitScore?

    public init(options: FitOptions, result: FitResult) {
        self.options = options
        self.history = result.history
        self.bcdTraining = result.bcdTraining
        self.readoutRefitTraining = result.readoutRefitTraining
        self.readoutRefitValidation = result.readoutRefitValidation
    }
}
