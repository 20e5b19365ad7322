import ImplicitModel

extension ImplicitModel {
    /// The well-posedness report of this model (`WellPosednessAnalysis.analyze(_:)`).
    public func wellPosedness(options: WellPosednessOptions = WellPosednessOptions()) -> WellPosednessReport {
        WellPosednessAnalysis(options: options).analyze(self)
    }
}
