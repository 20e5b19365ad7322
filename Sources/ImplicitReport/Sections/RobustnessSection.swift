import ImplicitAnalysis

/// 7. With inputs and `--eps`: the output bounds over the ε-balls around the inputs, their
/// widths row by row, the methods applied and, for a classifier, the certified fraction.
struct RobustnessSection: ReportSection {
    let id = "bounds"
    let title = "Output bounds on the ε-balls"
    /// Outputs drawn (one chart each); a wider output is summarised by the text only.
    static let outputsDrawn = 10

    func body(_ report: ModelReport) -> String? {
        guard let robustness = report.robustness else { return nil }
        let inputs = HTML.escape(report.inputsName ?? "the inputs")
        let ball = "‖u − x‖<sub>∞</sub> ≤ ε = \(NumberText.precise(robustness.eps))"
            + (robustness.clip.map { ", clipped to [\(NumberText.precise($0.lowerBound)), \(NumberText.precise($0.upperBound))] per feature" } ?? "")
        switch robustness.outcome {
        case .noBound(let reason):
            return "<p class=\"caption\">Bounds on the raw outputs over the boxes \(ball) around each sample of \(inputs), method auto.</p>\n"
                + "<p class=\"note\"><strong>No finite sound bound for this model</strong> from the methods of auto — \(HTML.escape(reason)). "
                + "<code>implicit bounds</code> and <code>implicit report --eps</code> exit 3 on this model.</p>"
        case .bounded(let bounds, let certification):
            return Self.bounded(bounds, certification: certification, ball: ball, inputs: inputs, output: report.summary.output.name)
        }
    }

    static func bounded(_ bounds: OutputBoundsReport, certification: CertificationReport?, ball: String, inputs: String, output: String) -> String {
        let applied = bounds.applied.map { methodName($0) }.joined(separator: " ∩ ")
        var html = "<p class=\"caption\">Sound bounds lower ≤ y<sub>i</sub>(u) ≤ upper on the raw outputs y = Cx + Du + c (before the head) for every input u of the box \(ball) "
        html += "around each of the \(NumberText.count(bounds.rows)) samples of \(inputs) (box ends rounded outward). Method \(bounds.method.rawValue): \(applied), the bounds intersected. "
        html += "Mean width \(NumberText.precise(bounds.meanWidth)), largest \(NumberText.precise(bounds.maxWidth)) (row \(bounds.maxWidthRow), output \(bounds.maxWidthOutput)). "
        html += "<code>implicit bounds --input … --eps … --json</code> gives every bound as data.</p>\n"
        for component in bounds.unconvergedComponents {
            html += "<p class=\"note\">The interval iteration of component {\(HTML.escape(component.joined(separator: ", ")))} stopped at its cap: the bounds are sound, perhaps loose.</p>\n"
        }
        if let certification {
            html += "<p><strong>Certified: \(NumberText.count(certification.certifiedCount)) of \(NumberText.count(certification.count)) rows "
            html += "(\(NumberText.short(certification.certifiedAccuracy * 100)) %).</strong> "
            html += "The label of each row is the class predicted at its centre (the arg-max of the raw outputs), so a certified row is one whose prediction provably does not change anywhere in its box "
            html += "(every margin y<sub>label</sub> − y<sub>k</sub> has a positive lower bound); the report has no true labels, so this is not an accuracy (<code>implicit certify --labels</code> gives that).</p>\n"
        }
        let drawn = Swift.min(bounds.outputs, outputsDrawn)
        for i in 0..<drawn {
            let widths = (0..<bounds.rows).map { bounds.upper[$0][i] - bounds.lower[$0][i] }
            html += "<h3>Output \(i): \(HTML.escape(output))[\(i)], raw (before the head)</h3>"
            html += BarChart(values: widths, xTitle: "row j of \(inputs)", yTitle: "bound width (units of y\(i))",
                             indexName: { "row \($0)" })
                .render(label: "Width upper − lower of the bound on output \(i) per row")
        }
        if bounds.outputs > drawn { html += "<p class=\"note\">\(bounds.outputs - drawn) further outputs are not drawn.</p>" }
        return html
    }

    static func methodName(_ method: BoundsMethod) -> String {
        switch method {
        case .auto: return "auto"
        case .ibp: return "interval propagation (IBP)"
        case .crown: return "linear relaxation (CROWN)"
        case .embedding: return "mixed-monotone contractive embedding"
        }
    }
}
