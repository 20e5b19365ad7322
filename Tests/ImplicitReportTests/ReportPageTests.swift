import Foundation
import ImplicitAnalysis
import ImplicitModel
import ImplicitReport
import Linalg
import Testing

/// The page's structure: every section there, every SVG scalable, nothing fetched, names escaped.
@Suite struct ReportPageTests {
    static let samples = ["mlp.yaml", "implicit.yaml", "illposed.yaml", "reducible.yaml", "skip.yaml", "mixed.yaml"]
    /// A sample's page stays small: a few figures of a few dozen states.
    static let sampleSizeLimit = 200_000

    static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test(arguments: samples) func everySectionAndEverySVGWithAViewBox(sample: String) throws {
        let html = ReportPage.html(try Samples.report(sample))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for id in ReportPage.sectionIDs where id != "activations" && id != "bounds" {
            #expect(html.contains("<section id=\"\(id)\">"), "\(sample): section \(id) missing")
        }
        #expect(!html.contains("<section id=\"activations\">"), "no inputs, no activation section")
        #expect(!html.contains("<section id=\"bounds\">"), "no --eps, no bounds section")
        let svgs = Self.occurrences(of: "<svg", in: html)
        #expect(svgs >= 5)
        let withViewBox = html.components(separatedBy: "<svg").dropFirst().filter { piece in
            let tag = piece.prefix { $0 != ">" }
            return tag.range(of: #"viewBox="0 0 [0-9.]+ [0-9.]+""#, options: .regularExpression) != nil
        }.count
        #expect(withViewBox == svgs, "\(sample): \(svgs - withViewBox) <svg> without a viewBox")
        #expect(html.utf8.count < Self.sampleSizeLimit)
    }

    @Test(arguments: samples) func nothingOutsideThePageIsReferenced(sample: String) throws {
        let html = ReportPage.html(try Samples.report(sample)).lowercased()
        for forbidden in ["http://", "https://", "//", " src=", "url(", "@import", "<link", "<iframe", "<img"] {
            #expect(!html.contains(forbidden), "\(sample) contains \(forbidden)")
        }
        // The only links are the menu's anchors into the page.
        let hrefs = html.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(!hrefs.isEmpty && hrefs.allSatisfy { $0.hasPrefix("#") })
        // One inline script of code; the other holds JSON data.
        #expect(Self.occurrences(of: "<script>", in: html) == 1)
        #expect(Self.occurrences(of: "<script type=\"application/json\"", in: html) == 1)
    }

    @Test func inputsAddTheActivationSection() throws {
        let html = ReportPage.html(try Samples.report("mlp.yaml", inputs: "mlp.input.csv"))
        #expect(html.contains("<section id=\"activations\">"))
        #expect(html.contains("6. Activations on the inputs"))
        #expect(html.contains("mlp.input.csv"))
    }

    @Test func verdictsAndEvidenceAreOnThePage() throws {
        let ill = ReportPage.html(try Samples.report("illposed.yaml"))
        #expect(ill.contains("✗ ill-posed"))
        #expect(ill.contains("witness: principalMinor2x2"))
        let implicit = ReportPage.html(try Samples.report("implicit.yaml"))
        #expect(implicit.contains("✓ well-posed"))
        #expect(implicit.contains("certificate"))
        #expect(implicit.contains("Picard not proven contractive"))
    }

    /// Names come from files: a block called `<script>` must stay text.
    @Test func hostileNamesAreEscaped() throws {
        let hostile = "</script><script>alert(1)</script>"
        var parts = ImplicitModel.Builder(input: Port(name: "u\"><b>", size: 2), output: Port(name: "y", size: 1),
                                          states: [StateBlock(name: hostile, size: 2, activation: .relu)])
        parts.b[0, 0] = Matrix([[1, 0], [0, 1]])
        parts.c[0, 0] = Matrix([[1, 1]])
        let model = try parts.build()
        let html = ReportPage.html(try ModelReport(model: model, kind: "implicit", title: hostile))
        #expect(!html.contains(hostile))
        #expect(!html.contains("u\"><b>"))
        #expect(Self.occurrences(of: "<script", in: html) == 2)
        #expect(html.contains("\\u003c/script>"), "the JSON copy of the name is escaped too")
    }

    /// The 8 × 4096 layout at a twentieth of the size: the picture is capped, so the page is not
    /// proportional to n².
    @Test func aLargeModelsPageStaysSmall() throws {
        var rng = SplitMix64(seed: 16)
        let width = 600, layers = 4
        var states: [StateBlock] = []
        for k in 0..<layers { states.append(StateBlock(name: "h\(k)", size: width, activation: .relu)) }
        var parts = ImplicitModel.Builder(input: Port(name: "x", size: width), output: Port(name: "y", size: 10), states: states)
        parts.b[0, 0] = Matrix(rows: width, cols: width, columnMajor: (0..<(width * width)).map { _ in rng.normal() })
        for k in 1..<layers {
            parts.a[k, k - 1] = Matrix(rows: width, cols: width, columnMajor: (0..<(width * width)).map { _ in rng.normal() / 25 })
        }
        parts.c[0, layers - 1] = Matrix(rows: 10, cols: width, columnMajor: (0..<(10 * width)).map { _ in rng.normal() })
        let model = try parts.build()
        var options = ReportOptions()
        options.svdSizeLimit = 100
        let report = try ModelReport(model: model, kind: "network", title: "big", options: options)
        #expect(report.picture.rows.cells <= Int(1.5 * Double(options.matrixCells)))
        #expect(report.spectra.allSatisfy { $0.skipped != nil }, "blocks above the limit get no SVD")
        let html = ReportPage.html(report)
        #expect(html.utf8.count < 1_500_000)
        #expect(html.contains("no SVD"))
    }
}
