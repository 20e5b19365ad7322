import Foundation
import ImplicitAnalysis
import ImplicitModel
import ImplicitReport
import Linalg
import Testing

/// The bounds section (`report --eps`) against the library's bounds and certification called
/// directly, and its absence and refusals.
@Suite struct RobustnessSectionTests {
    static let eps = 0.05

    /// The section of a page, from its opening tag to its closing one.
    static func section(_ id: String, of html: String) -> String? {
        guard let start = html.range(of: "<section id=\"\(id)\">"),
              let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    static func mlpReport(eps: Double? = eps, clip: ClosedRange<Double>? = nil) throws -> (ModelReport, ImplicitModel, Matrix) {
        let (model, kind) = try Samples.model("mlp.yaml")
        let inputs = try Samples.inputs("mlp.input.csv")
        var options = ReportOptions()
        options.eps = eps
        options.clip = clip
        return (try ModelReport(model: model, kind: kind, title: "mlp.yaml", inputs: inputs, inputsName: "mlp.input.csv", options: options), model, inputs)
    }

    /// mlp.yaml ends in a softmax over 3 classes: bounds by `auto` (IBP ∩ CROWN) and a certified
    /// fraction whose labels are the classes predicted at the centres (here by the forward pass
    /// with the softmax applied, whose arg-max is the raw outputs').
    @Test func boundsAndCertificationAreTheLibrarysOwn() throws {
        let (report, model, inputs) = try Self.mlpReport()
        guard case .bounded(let bounds, let certification)? = report.robustness?.outcome else {
            Issue.record("no bounds: \(String(describing: report.robustness))")
            return
        }
        let balls = try InputSet(centres: inputs, radius: Self.eps)
        let direct = try OutputBounds(model: model)
        #expect(bounds == (try direct.outputReport(balls)))
        #expect(bounds.applied == [.ibp, .crown])
        let probabilities = try model.predict(inputs)
        let labels = (0..<inputs.cols).map { j in
            let column = probabilities.column(j)
            return column.indices.max { column[$0] < column[$1] } ?? -1
        }
        let expected = try Certification(bounds: direct).certify(samples: inputs, labels: labels, inputs: balls)
        #expect(certification == expected)
        #expect(expected.correct == expected.count, "the labels are the predictions")
        // Soundness on the centres: each lies in its box, so its outputs lie in the bounds.
        let raw = try model.predict(inputs, applyHead: false)
        for j in 0..<inputs.cols {
            for i in 0..<raw.rows { #expect(bounds.lower[j][i] <= raw[i, j] && raw[i, j] <= bounds.upper[j][i]) }
        }

        let html = ReportPage.html(report)
        guard let section = Self.section("bounds", of: html) else {
            Issue.record("no bounds section")
            return
        }
        #expect(section.contains("7. Output bounds on the ε-balls"))
        #expect(section.contains("Certified: \(expected.certifiedCount) of \(expected.count) rows"))
        #expect(section.contains("the class predicted at its centre"))
        #expect(section.contains("interval propagation (IBP) ∩ linear relaxation (CROWN)"))
        #expect(section.contains("Mean width \(String(format: "%.6g", bounds.meanWidth))"))
        #expect(section.contains("largest \(String(format: "%.6g", bounds.maxWidth)) (row \(bounds.maxWidthRow), output \(bounds.maxWidthOutput))"))
        // One chart per output, each with a viewBox; each bar's tooltip holds one row's width.
        let svgs = section.components(separatedBy: "<svg").dropFirst()
        #expect(svgs.count == model.output.size)
        #expect(svgs.allSatisfy { $0.prefix { $0 != ">" }.contains("viewBox=\"0 0 ") })
        let width = bounds.upper[0][0] - bounds.lower[0][0]
        #expect(section.contains("row 0: \(String(format: "%.6g", width))"))
    }

    @Test func noEpsNoSection() throws {
        let (report, _, _) = try Self.mlpReport(eps: nil)
        #expect(report.robustness == nil)
        #expect(!ReportPage.html(report).contains("<section id=\"bounds\">"))
        #expect(!ReportPage.sectionIDs.isEmpty && ReportPage.sectionIDs.last == "bounds")
    }

    @Test func clipIsAppliedAndNamed() throws {
        let (report, model, inputs) = try Self.mlpReport(eps: 0.5, clip: -3...3)
        guard case .bounded(let bounds, _)? = report.robustness?.outcome else {
            Issue.record("no bounds")
            return
        }
        let balls = try InputSet(centres: inputs, radius: 0.5, clip: (-3, 3))
        #expect(bounds == (try OutputBounds(model: model).outputReport(balls)))
        #expect(ReportPage.html(report).contains("clipped to [−3, 3] per feature"))
    }

    /// implicit.yaml has one output and no softmax: bounds (IBP ∩ embedding) without certification.
    @Test func aRegressorGetsBoundsWithoutCertification() throws {
        let (model, kind) = try Samples.model("implicit.yaml")
        let inputs = try Samples.inputs("implicit.input.csv")
        var options = ReportOptions()
        options.eps = 0.1
        let report = try ModelReport(model: model, kind: kind, title: "implicit.yaml", inputs: inputs, options: options)
        guard case .bounded(let bounds, let certification)? = report.robustness?.outcome else {
            Issue.record("no bounds")
            return
        }
        #expect(certification == nil)
        #expect(bounds == (try OutputBounds(model: model).outputReport(try InputSet(centres: inputs, radius: 0.1))))
        let section = Self.section("bounds", of: ReportPage.html(report)) ?? ""
        #expect(section.contains("mixed-monotone contractive embedding") && !section.contains("Certified"))
    }

    /// x = relu([[0.5, −2], [2, 0.5]] x + u) is well-posed but its component is no ∞-norm
    /// contraction (nor is the embedding): no finite bound, said in the section, not thrown.
    @Test func noFiniteBoundIsAMessageNotACrash() throws {
        var parts = ImplicitModel.Builder(input: Port(name: "u", size: 2), output: Port(name: "y", size: 1),
                                          states: [StateBlock(name: "z", size: 2, activation: .relu)])
        parts.a[0, 0] = Matrix([[0.5, -2], [2, 0.5]])
        parts.b[0, 0] = .identity(2)
        parts.c[0, 0] = Matrix([[1, 1]])
        let model = try parts.build()
        let inputs = Matrix([[0.1, -0.3], [0.2, 0.4]])
        var options = ReportOptions()
        options.eps = 0.1
        let report = try ModelReport(model: model, kind: "implicit", title: "rotation", inputs: inputs, options: options)
        guard case .noBound(let reason)? = report.robustness?.outcome else {
            Issue.record("expected no bound, got \(String(describing: report.robustness?.outcome))")
            return
        }
        #expect {
            try OutputBounds(model: model).outputReport(try InputSet(centres: inputs, radius: 0.1))
        } throws: { error in (error as? BoundsError)?.description == reason }
        let section = Self.section("bounds", of: ReportPage.html(report)) ?? ""
        #expect(section.contains("No finite sound bound") && section.contains("block &#39;z&#39; unbounded") && !section.contains("<svg"))
    }

    @Test func aRadiusWithoutSamplesOrABadBallIsRefused() throws {
        let (model, kind) = try Samples.model("mlp.yaml")
        var options = ReportOptions()
        options.eps = 0.1
        #expect(throws: BoundsError.self) { try ModelReport(model: model, kind: kind, title: "mlp.yaml", options: options) }
        options.eps = -1
        #expect(throws: BoundsError.self) {
            try ModelReport(model: model, kind: kind, title: "mlp.yaml", inputs: try Samples.inputs("mlp.input.csv"), options: options)
        }
    }
}
