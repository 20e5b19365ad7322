import ImplicitAnalysis

/// Renders a `ModelReport` as one self-contained HTML page: inline CSS, inline SVG, one small
/// inline script; no URL, font or image is fetched, so the file works offline and can be mailed.
public enum ReportPage {
    /// The sections in page order; an absent optional section is left out of the page and its menu.
    static let sections: [any ReportSection] = [
        SummarySection(), MatrixSection(), BlockGraphSection(), SpectraSection(), NormsSection(), ActivationSection(), RobustnessSection(),
    ]

    /// The section anchors a page can hold, in order.
    public static var sectionIDs: [String] { sections.map(\.id) }

    public static func html(_ report: ModelReport) -> String {
        let rendered = sections.compactMap { section in section.body(report).map { (section, $0) } }
        let title = HTML.escape(report.title)
        let verdict = report.wellPosedness.verdict
        var page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        page += "<title>\(title) — implicit report</title>\n<style>\n\(PageStyle.css)\n</style>\n</head>\n<body>\n<main>\n"
        page += "<header><h1>\(title)</h1><p>\(report.summary.kind) model · \(NumberText.count(report.summary.states)) states in \(report.summary.blocks.count) blocks · "
        page += "\(VerdictText.badge(verdict))\(report.wellPosedness.exact ? "" : " (sufficient condition)")</p></header>\n"
        page += "<nav>" + rendered.enumerated().map { k, item in "<a href=\"#\(item.0.id)\">\(k + 1). \(HTML.escape(item.0.title))</a>" }.joined() + "</nav>\n"
        for (k, item) in rendered.enumerated() {
            page += "<section id=\"\(item.0.id)\">\n<h2>\(k + 1). \(HTML.escape(item.0.title))</h2>\n\(item.1)\n</section>\n"
        }
        page += "<footer>Written by <code>implicit report</code>. Every figure is recomputed from the model file; "
        page += "<code>implicit lint --json</code> and <code>implicit reduce --json</code> give the same evidence as data.</footer>\n"
        page += "</main>\n<script>\n\(HoverScript.javascript)\n</script>\n</body>\n</html>\n"
        return page
    }
}

/// How a verdict is written: a word, a symbol (so that colour is never the only cue) and a colour.
enum VerdictText {
    static func word(_ v: Verdict) -> String {
        switch v {
        case .wellPosed: return "well-posed"
        case .illPosed: return "ill-posed"
        case .undecided: return "undecided"
        }
    }

    static func symbol(_ v: Verdict) -> String {
        switch v {
        case .wellPosed: return "✓"
        case .illPosed: return "✗"
        case .undecided: return "?"
        }
    }

    static func colour(_ v: Verdict) -> String {
        switch v {
        case .wellPosed: return Palette.wellPosed
        case .illPosed: return Palette.illPosed
        case .undecided: return Palette.undecided
        }
    }

    static func badge(_ v: Verdict) -> String {
        "<span class=\"verdict \(v.rawValue)\">\(symbol(v)) \(word(v))</span>"
    }
}
