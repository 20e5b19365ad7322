import Foundation
import ImplicitAnalysis
import ImplicitTraining

/// The human-readable form of a `FitReport` (the JSON form is the report itself).
enum FitReportText {
    static func render(_ report: FitReport, data: TrainingData) -> String {
        let o = report.options
        var lines: [String] = []
        let shape: String
        switch o.structure {
        case .implicit(let n): shape = "implicit, \(n) states, ‖A‖∞ ≤ \(o.kappa)"
        case .feedforward(let layers): shape = "feedforward \(layers.map(String.init).joined(separator: ","))"
        }
        lines.append("fit: \(shape), \(o.activation.rawValue), \(o.loss.rawValue) loss, \(data.sampleCount) samples, λ = \(o.lambda), μ = \(o.mu)")
        let metric = o.loss == .squared ? "RMSE" : "cross-entropy"
        lines.append("  sweep  objective J    loss (P)     divergence   train \(metric)" + (report.readoutRefitValidation != nil ? "   validation" : ""))
        for entry in report.history where entry.stage == .bcd { lines.append("  " + row(entry)) }
        lines.append("  BCD: training \(score(report.bcdTraining)) (forward solve)")
        let refined = report.refinedTraining != nil
        var refit = "  readout refit (C, D, c on the exact states)\(refined ? "" : ", written"): training \(score(report.readoutRefitTraining))"
        if let v = report.readoutRefitValidation { refit += "; validation \(score(v))" }
        lines.append(refit)
        if let training = report.refinedTraining {
            let steps = report.history.filter { $0.stage == .refinement }.count - 1
            var line = "  refinement (\(steps) proximal gradient steps on the exact forward map), written: training \(score(training))"
            if let v = report.refinedValidation { line += "; validation \(score(v))" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    static func row(_ e: FitHistoryEntry) -> String {
        let figures = [e.objective.total, e.objective.loss, e.objective.meanDivergence, e.training.error] + (e.validation.map { [$0.error] } ?? [])
        let iteration = String(e.iteration)
        return String(repeating: " ", count: max(0, 5 - iteration.count)) + iteration + " "
            + figures.map { " " + ReportNumber.text($0).padding(toLength: 12, withPad: " ", startingAt: 0) }.joined()
    }

    static func progressLine(_ e: FitHistoryEntry) -> String {
        let n = ReportNumber.text
        let validation = e.validation.map { ", validation \(n($0.error))" } ?? ""
        let elapsed = String(format: ", %.1f s", e.elapsed)
        if e.stage == .refinement {
            return "refinement step \(e.iteration): E \(n(e.objective.total)), train \(n(e.training.error))" + validation + elapsed
        }
        return "sweep \(e.iteration): J \(n(e.objective.total)), loss \(n(e.objective.loss)), divergence \(n(e.objective.meanDivergence)), train \(n(e.training.error))"
            + validation + elapsed
    }

    static func score(_ s: FitScore) -> String {
        var parts: [String] = []
        if let r = s.rmse { parts.append("RMSE \(ReportNumber.text(r))") }
        if let c = s.crossEntropy { parts.append("cross-entropy \(ReportNumber.text(c))") }
        if let a = s.accuracy { parts.append("accuracy \(ReportNumber.text(a))") }
        return parts.joined(separator: ", ")
    }
}
