import ImplicitAnalysis

extension WellPosednessReportText {
    /// The line `prune` prints when the pruned model is ill-posed: the first ill-posed component
    /// and its witness, so the refusal is checkable.
    static func prunedModelRefusal(_ report: WellPosednessReport) -> String {
        guard let component = report.components.first(where: { $0.verdict == .illPosed }) else {
            return "the pruned model is not well-posed"
        }
        var text = "the pruned model is ill-posed in \(WellPosednessEvidenceText.stateSet(component.stateNames))"
        if let w = component.witness {
            text += ": b = \(WellPosednessEvidenceText.vector(w.b)) has two states x¹ = \(WellPosednessEvidenceText.vector(w.x1)) and x² = \(WellPosednessEvidenceText.vector(w.x2))"
        }
        return text + "; nothing written"
    }
}
