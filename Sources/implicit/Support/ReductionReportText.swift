import ImplicitAnalysis
import ImplicitModel

/// The human-readable form of a `ReductionReport` (the JSON form is the report itself).
enum ReductionReportText {
    /// The text report; `input` names the ignored inputs (`features[3]`, `image[0,2,5]`).
    static func render(_ report: ReductionReport, model: String, input: ModelPort) -> String {
        var lines: [String] = []
        let b = report.before, a = report.after
        lines.append("\(model): \(report.lossy ? "lossy" : "exact") reduction")
        lines.append("  states   \(b.states) → \(a.states)")
        lines.append("  inputs   \(b.inputs) → \(a.inputs)" + (a.inputs < b.inputs ? " (keeps columns \(report.keptInputs.map(String.init).joined(separator: ",")))" : ""))
        lines.append("  nonzeros A \(b.nonzeros.a) → \(a.nonzeros.a), B \(b.nonzeros.b) → \(a.nonzeros.b), C \(b.nonzeros.c) → \(a.nonzeros.c), D \(b.nonzeros.d) → \(a.nonzeros.d)")
        lines.append("  cost     forward \(b.forwardCost) → \(a.forwardCost) multiply-adds" +
                     (report.iterationSpeedup != nil ? "; per fixed-point iteration \(b.iterationCost) → \(a.iterationCost)" : ""))
        lines.append("  estimated speed-up \(ReportNumber.text(report.estimatedSpeedup))×")
        let exact = report.exact
        func list(_ title: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            let shown = items.prefix(12).joined(separator: ", ") + (items.count > 12 ? ", … (\(items.count) in all)" : "")
            lines.append("  \(title): \(shown)")
        }
        list("constant states", exact.constantStates.map { "\($0.name) = \(ReportNumber.text($0.value))" })
        list("dead ReLU units", exact.deadUnits)
        list("unread states", exact.unreadStates)
        list("states that never reach the output", exact.unreachableStates)
        list("ignored inputs", exact.ignoredInputs.map(input.listedFeatureName))
        if let pruning = report.magnitudePruning {
            let zeroed = pruning.zeroedEntries.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("  magnitude pruning at \(ReportNumber.text(pruning.threshold)) (\(pruning.scale.rawValue)): zeroed \(zeroed)")
            if let again = report.exactAfterPruning { lines.append("    then removed \(again.removedStateCount) states it left dead or unread") }
        }
        for part in (report.lowRank?.parts ?? report.rankAnalysis ?? []) {
            let sv = part.singularValues.prefix(6).map(ReportNumber.text).joined(separator: ", ")
            var line = "  A[\(part.rowBlocks.joined(separator: "+")), \(part.colBlocks.joined(separator: "+"))] \(part.rows)×\(part.cols): numerical rank \(part.numericalRank) (σ > \(ReportNumber.text(part.numericalRankThreshold))), σ = \(sv)\(part.singularValues.count > 6 ? ", …" : "")"
            if let k = part.keptRank { line += "; kept rank \(k), cost \(part.costBefore) → \(part.costAfter)" }
            if let error = part.truncationError { line += ", ‖A − LRᵀ‖₂ = \(ReportNumber.text(error))" }
            if let why = part.skipped { line += " (not factored: \(why))" }
            lines.append(line)
        }
        if let d = report.deviation {
            lines.append("  deviation on \(d.samples) inputs (\(d.inputs)): max |Δy| \(ReportNumber.text(d.maxAbsolute)), relative \(ReportNumber.text(d.maxRelative))" +
                         (d.maxAbsoluteAfterHead != d.maxAbsolute ? "; after the head \(ReportNumber.text(d.maxAbsoluteAfterHead))" : ""))
        }
        return lines.joined(separator: "\n")
    }
}

import Foundation
