import ImplicitModel

extension ImplicitModel {
    /// The well-posedness report of this model (`WellPosednessAnalysis.analyze(_:)`).
    /// - Throws: `WellPosednessError.invalidModel` when the model fails validation.
    public func wellPosedness(options: WellPosednessOptions = WellPosednessOptions()) throws -> WellPosednessReport {
        try WellPosednessAnalysis(options: options).analyze(self)
    }
}
