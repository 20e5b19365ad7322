import ImplicitAnalysis
import ImplicitModel

/// The check `prune` runs before writing: a pruned model that lint finds ill-posed is refused,
/// with the witness.
struct WellPosednessGate: ReducedModelCheck {
    struct Refusal: Error, CustomStringConvertible {
        let report: WellPosednessReport

        var description: String {
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

    func check(_ model: ImplicitModel) throws {
        let report = try model.wellPosedness()
        if report.verdict == .illPosed { throw Refusal(report: report) }
    }
}
