import ImplicitAnalysis

/// The human-readable form of a `WellPosednessReport` (the JSON form is the report itself).
enum WellPosednessReportText {
    private typealias Words = WellPosednessEvidenceText

    static func render(_ report: WellPosednessReport, model: String) -> String {
        var lines: [String] = []
        let kind = report.exact ? "exact" : "resting on a sufficient condition"
        lines.append("\(model): \(verdictText(report.verdict)) (\(kind))")
        lines.append("  \(report.stateCount) states in \(report.blockCount) blocks; Picard iteration \(report.picardContractive ? "is" : "is not") a proven contraction")
        if report.acyclicByStructure {
            lines.append("  A is strictly block-triangular after ordering the blocks \(report.blockOrder.map { $0.joined(separator: "+") }.joined(separator: " → ")): well-posed by structure")
        }
        for component in report.components where component.size > 1 || component.certificate?.kind != .scalar || component.verdict != .wellPosed {
            lines.append("  component \(Words.stateSet(component.stateNames)) (\(component.size) states, \(Set(component.activations).sorted().joined(separator: "/"))): \(verdictText(component.verdict))\(component.exact ? "" : " (sufficient condition)")")
            lines.append("    by: \(component.criterion)")
            lines += Words.lines(certificate: component.certificate, witness: component.witness, picard: component.picard)
                .map { "    " + $0 }
            for note in component.notes { lines.append("    note: \(note)") }
        }
        let trivial = report.components.filter { $0.size == 1 && $0.certificate?.kind == .scalar && $0.verdict == .wellPosed }.count
        if trivial > 0 && !report.acyclicByStructure { lines.append("  \(trivial) single states with a < 1: well-posed") }
        return lines.joined(separator: "\n")
    }

    static func verdictText(_ verdict: Verdict) -> String {
        switch verdict {
        case .wellPosed: return "well-posed"
        case .illPosed: return "ILL-POSED"
        case .undecided: return "undecided"
        }
    }
}
