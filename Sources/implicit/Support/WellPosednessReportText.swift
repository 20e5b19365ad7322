import ImplicitAnalysis

/// The human-readable form of a `WellPosednessReport` (the JSON form is the report itself).
enum WellPosednessReportText {
    static func render(_ report: WellPosednessReport, model: String) -> String {
        var lines: [String] = []
        let kind = report.exact ? "exact" : "resting on a sufficient condition"
        lines.append("\(model): \(verdictText(report.verdict)) (\(kind))")
        lines.append("  \(report.stateCount) states in \(report.blockCount) blocks; Picard iteration \(report.picardContractive ? "is" : "is not") a proven contraction")
        if report.acyclicByStructure {
            lines.append("  A is strictly block-triangular after ordering the blocks \(report.blockOrder.map { $0.joined(separator: "+") }.joined(separator: " → ")): well-posed by structure")
        }
        for component in report.components where component.size > 1 || component.certificate?.kind != .scalar || component.verdict != .wellPosed {
            lines.append("  component \(names(component.stateNames)) (\(component.size) states, \(Set(component.activations).sorted().joined(separator: "/"))): \(verdictText(component.verdict))\(component.exact ? "" : " (sufficient condition)")")
            lines.append("    by: \(component.criterion)")
            if let c = component.certificate {
                let shown = ReportNumber.pair(c.value, c.bound)
                var text = "    certificate: \(c.kind.rawValue) on \(c.matrix.rawValue): \(c.condition); value \(shown.value) < \(shown.bound)"
                if let v = c.scaling { text += "; scaling v = \(vector(v))" }
                if let m = c.smallestMinor { text += "; smallest principal minor \(ReportNumber.text(m))" }
                lines.append(text)
            }
            if let w = component.witness {
                lines.append("    witness: \(w.reason.rawValue)\(w.subset.map { " on states \($0)" } ?? ""): b = \(vector(w.b))")
                lines.append("      x¹ = \(vector(w.x1)), x² = \(vector(w.x2)) (both solve x = φ(Ax + b), residual \(ReportNumber.text(w.residual)))")
            }
            let picard = component.picard
            lines.append("    Picard: \(picard.contractive ? "contractive" : "not proven contractive"), \(picard.norm.rawValue) = \(ReportNumber.pair(picard.value, 1).value)")
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

    static func names(_ items: [String]) -> String {
        items.count <= 6 ? "{" + items.joined(separator: ", ") + "}" : "{" + items.prefix(5).joined(separator: ", ") + ", … \(items.last ?? "")}"
    }

    static func vector(_ v: [Double]) -> String {
        let shown = v.prefix(8).map(ReportNumber.text).joined(separator: ", ")
        return "[" + shown + (v.count > 8 ? ", … (\(v.count))" : "") + "]"
    }
}
