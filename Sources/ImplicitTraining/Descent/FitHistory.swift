/// Which stage of `fit` a history entry belongs to.
public enum FitStage: String, Sendable, Codable {
    /// Block-coordinate descent on the relaxed problem.
    case bcd
    /// Proximal gradient on the exact forward map (`ExactRefinement`), after BCD.
    case refinement
}

/// One line of the training history: the state after a BCD sweep (iteration 0 is the start)
/// or after a refinement step (iteration 0 is its start, the readout refit).
public struct FitHistoryEntry: Sendable, Codable, Equatable {
    public var stage: FitStage = .bcd
    public var iteration: Int
    /// J and its terms at the end of the sweep. In the refinement, J at X = P = the forward
    /// states, where the divergence and the coupling vanish: the exact objective E.
    public var objective: RelaxedObjective
    /// J after each block of the sweep, in order: (C, D, c), P, X, (A, B, b) (with the column
    /// penalty: model, P, X, model).
    public var blockObjectives: [Double]
    /// The training error of the model as it stands, by a forward solve.
    public var training: FitScore
    public var validation: FitScore?
    /// How the X-step was solved in this sweep.
    public var hiddenStateMethod: HiddenStateMethod?
    /// λᵢ per state during this sweep (BCD).
    public var dualWeights: [Double]?
    /// J at the end of the sweep with the λ the dual schedule raised for the next one (nil: λ
    /// unchanged), where the next sweep's blocks start.
    public var objectiveAfterDualUpdate: Double?
    /// The accepted step length t (refinement).
    public var stepLength: Double?
    /// Seconds since training started.
    public var elapsed: Double
}
