/// What `fit` reports: the options, the history of the sweeps and the errors of the written
/// model, each by a forward solve. BCD's own figure and the readout refit's are kept apart.
public struct FitReport: Sendable, Codable {
    public var options: FitOptions
    public var history: [FitHistoryEntry]
    /// The training error after the last BCD sweep (forward solve of that model).
    public var bcdTraining: FitScore
    /// BCD's model with (C, D, c) refitted on the exact states: the written model without refinement.
    public var readoutRefitTraining: FitScore
    public var readoutRefitValidation: FitScore?
    /// After the refinement on the exact forward map (nil without it): then the written model.
    public var refinedTraining: FitScore?
    public var refinedValidation: FitScore?
}
