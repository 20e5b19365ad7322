/// 1. The model at a glance: ports, blocks with activations, nonzeros, parameters, structure.
struct SummarySection: ReportSection {
    let id = "summary"
    let title = "Summary"
    /// Blocks listed in the table before the rest are counted.
    static let blocksListed = 40

    func body(_ report: ModelReport) -> String? {
        let s = report.summary, w = report.wellPosedness
        let nz = s.nonzeros
        let cyclic = s.components.filter(\.cyclic)
        let structure = s.feedforward ? "feedforward: A is strictly block-triangular"
            : "\(cyclic.count) cyclic component\(cyclic.count == 1 ? "" : "s") (\(NumberText.count(cyclic.reduce(0) { $0 + $1.states })) states)"
        func fact(_ name: String, _ value: String) -> String { "<div class=\"fact\"><b>\(HTML.escape(name))</b><span>\(value)</span></div>" }
        var html = "<div class=\"facts\">"
        html += fact("input u", "\(HTML.escape(s.input.name)) · \(NumberText.plural(s.input.size, "feature"))")
        html += fact("output y", "\(HTML.escape(s.output.name)) · \(NumberText.plural(s.output.size, "value")) · head \(HTML.escape(s.head))")
        html += fact("states x", "\(NumberText.count(s.states)) in \(s.blocks.count) block\(s.blocks.count == 1 ? "" : "s")")
        html += fact("stored parameters", NumberText.count(s.parameters))
        html += fact("nonzeros", ["A", "B", "C", "D"].map { "\($0) \(NumberText.count(nz[$0] ?? 0))" }.joined(separator: " · "))
        html += fact("stored blocks of A", NumberText.count(s.storedBlocksOfA))
        html += fact("structure", HTML.escape(structure))
        html += fact("well-posedness", VerdictText.badge(w.verdict) + (w.exact ? " exact" : " sufficient condition"))
        html += fact("Picard iteration", w.picardContractive ? "proven contraction" : "not proven contractive")
        html += "</div>\n"
        html += "<table><thead><tr><th>block</th><th class=\"num\">size</th><th>activation φ</th><th class=\"num\">states</th></tr></thead><tbody>"
        for block in s.blocks.prefix(Self.blocksListed) {
            html += "<tr><td>\(HTML.escape(block.name))</td><td class=\"num\">\(NumberText.count(block.size))</td><td><code>\(HTML.escape(block.activation))</code></td>"
            html += "<td class=\"num\">\(NumberText.count(block.firstState))–\(NumberText.count(block.firstState + block.size - 1))</td></tr>"
        }
        if s.blocks.count > Self.blocksListed {
            html += "<tr><td colspan=\"4\">… \(s.blocks.count - Self.blocksListed) more blocks</td></tr>"
        }
        html += "</tbody></table>"
        return html
    }
}
