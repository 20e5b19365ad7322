import ImplicitAnalysis

/// The human-readable form of a `ReductionReport` (the JSON form is the report itself).
enum ReductionReportText {
    static func render(_ report: ReductionReport, model: String) -> String {
        var lines: [String] = []
        let b = report.before, a = report.after
        lines.append("\(model): \(report.lossy ? "lossy" : "exact") reduction")
        lines.append("  states   \(b.states) → \(a.states)")
        lines.append("  inputs   \(b.inputs) → \(a.inputs)" + (a.inputs < b.inputs ? " (keeps columns \(report.keptInputs.map(String.init).joined(separator: ",")))" : ""))
        lines.append("  nonzeros A \(b.nonzeros.a) → \(a.nonzeros.a), B \(b.nonzeros.b) → \(a.nonzeros.b), C \(b.nonzeros.c) → \(a.nonzeros.c), D \(b.nonzeros.d) → \(a.nonzeros.d)")
        lines.append("  cost     forward \(b.forwardCost) → \(a.forwardCost) multiply-adds" +
                     (report.iterationSpeedup != nil ? "; per fixed-point iteration \(b.iterationCost) → \(a.iterationCost)" : ""))
        lines.append("  estimated speed-up \(format(report.estimatedSpeedup))×")
        let exact = report.exact
        func list(_ title: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            let shown = items.prefix(12).joined(separator: ", ") + (items.count > 12 ? ", … (\(items.count) in all)" : "")
            lines.append("  \(title): \(shown)")
        }
        list("constant states", exact.constantStates.map { "\($0.name) = \(format($0.value))" })
        list("dead ReLU units", exact.deadUnits)
        list("unread states", exact.unreadStates)
        list("states that never reach the output", exact.unreachableStates)
        list("ignored inputs (columns)", exact.ignoredInputs.map(String.init))
        if let pruning = report.magnitudePruning {
            let zeroed = pruning.zeroedEntries.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("  magnitude pruning at \(format(pruning.threshold)) (\(pruning.scale.rawValue)): zeroed \(zeroed)")
            if let again = report.exactAfterPruning { lines.append("    then removed \(again.removedStateCount) states it left dead or unread") }
        }
        for part in (report.lowRank?.parts ?? report.rankAnalysis ?? []) {
            let sv = part.singularValues.prefix(6).map(format).joined(separator: ", ")
            var line = "  A[\(part.rowBlocks.joined(separator: "+")), \(part.colBlocks.joined(separator: "+"))] \(part.rows)×\(part.cols): numerical rank \(part.numericalRank) (σ > \(format(part.numericalRankThreshold))), σ = \(sv)\(part.singularValues.count > 6 ? ", …" : "")"
            if let k = part.keptRank { line += "; kept rank \(k), cost \(part.costBefore) → \(part.costAfter)" }
            if let error = part.truncationError { line += ", ‖A − LRᵀ‖₂ = \(format(error))" }
            if let why = part.skipped { line += " (not factored: \(why))" }
            lines.append(line)
        }
        if let d = report.deviation {
            lines.append("  deviation on \(d.samples) inputs (\(d.inputs)): max |Δy| \(format(d.maxAbsolute)), relative \(format(d.maxRelative))" +
                         (d.maxAbsoluteAfterHead != d.maxAbsolute ? "; after the head \(format(d.maxAbsoluteAfterHead))" : ""))
        }
        return lines.joined(separator: "\n")
    }

    static func format(_ x: Double) -> String {
        if x == 0 || (abs(x) >= 1e-3 && abs(x) < 1e6) { return String(format: "%.6g", x) }
        return String(format: "%.3e", x)
    }
}

import Foundation
