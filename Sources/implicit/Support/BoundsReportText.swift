import Foundation
import ImplicitAnalysis

/// The text summary of `implicit bounds`.
enum BoundsReportText {
    /// Outputs listed one per line up to this many; beyond, only the summary.
    static let outputsListed = 10

    static func render(_ report: OutputBoundsReport, model: String) -> String {
        var lines = ["\(model): bounds on the raw outputs of \(report.rows) row\(report.rows == 1 ? "" : "s") × \(report.outputs) output\(report.outputs == 1 ? "" : "s"), method \(report.method.rawValue) (\(report.applied.map(\.rawValue).joined(separator: " ∩ ")))"]
        lines.append("width: mean \(ReportNumber.text(report.meanWidth)), max \(ReportNumber.text(report.maxWidth)) (row \(report.maxWidthRow), output \(report.maxWidthOutput))")
        if report.outputs <= outputsListed {
            for i in 0..<report.outputs {
                let widths = (0..<report.rows).map { report.upper[$0][i] - report.lower[$0][i] }
                let lowest = report.lower.map { $0[i] }.min() ?? 0, highest = report.upper.map { $0[i] }.max() ?? 0
                lines.append("  output \(i): in [\(ReportNumber.text(lowest)), \(ReportNumber.text(highest))] over all rows, width mean \(ReportNumber.text(widths.reduce(0, +) / Double(max(1, widths.count))))")
            }
        }
        for component in report.unconvergedComponents {
            lines.append("note: the interval iteration of component {\(component.joined(separator: ", "))} stopped at its cap (bounds sound, perhaps loose)")
        }
        return lines.joined(separator: "\n")
    }
}
