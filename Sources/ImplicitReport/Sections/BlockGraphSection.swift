import ImplicitAnalysis

/// 3. The block graph: components in evaluation order, top to bottom, each coloured by its
/// verdict with the evidence beside it; arcs on the left show which component reads which.
struct BlockGraphSection: ReportSection {
    let id = "graph"
    let title = "Block graph and well-posedness"
    /// Components drawn; the rest are counted.
    static let nodesShown = 60
    /// Characters per line of evidence beside a node.
    static let lineLength = 104
    /// Lines of evidence per node (the full text is the node's tooltip).
    static let linesPerNode = 7

    func body(_ report: ModelReport) -> String? {
        let graph = report.graph
        let shown = Array(graph.nodes.prefix(Self.nodesShown))
        let lines = shown.map { node in Array(node.evidence.flatMap { Self.wrap($0, Self.lineLength) }.prefix(Self.linesPerNode)) }
        let boxX = 150.0, boxW = 190.0, textX = 360.0, rowGap = 14.0
        let heights = lines.map { Swift.max(40, 15 * Double($0.count + 1) + 6) }
        let portH = 26.0
        var y = 40.0 + portH + rowGap
        var tops: [Double] = []
        for h in heights { tops.append(y); y += h + rowGap }
        let outputTop = y
        var figure = SVGFigure(width: 1000, height: outputTop + portH + 14, label: "Components of the block graph in evaluation order with their verdicts")
        // Legend.
        var lx = 0.0
        for v in [Verdict.wellPosed, .illPosed, .undecided] {
            figure.rect(lx, 4, 14, 14, fill: VerdictText.colour(v), radius: 2)
            figure.text(lx + 20, 16, "\(VerdictText.symbol(v)) \(VerdictText.word(v))", size: 12)
            lx += 120
        }
        figure.text(lx + 10, 16, "arc: the lower component reads the upper one · ↻ cyclic (solved as a fixed point)", size: 12, fill: Palette.muted)
        // Ports.
        figure.rect(boxX, 40, boxW, portH, fill: "#eeeeee", stroke: Palette.muted, radius: 4)
        figure.text(boxX + boxW / 2, 40 + 17, "input \(report.summary.input.name.clipped(to: 18)) (\(report.summary.input.size))", size: 12, anchor: .middle)
        figure.rect(boxX, outputTop, boxW, portH, fill: "#eeeeee", stroke: Palette.muted, radius: 4)
        figure.text(boxX + boxW / 2, outputTop + 17, "output \(report.summary.output.name.clipped(to: 18)) (\(report.summary.output.size))", size: 12, anchor: .middle)

        func arc(fromY a: Double, toY b: Double, bulge: Double, colour: String) {
            let x = boxX
            figure.path("M\(SVGFigure.c(x)) \(SVGFigure.c(a))C\(SVGFigure.c(x - bulge)) \(SVGFigure.c(a)) \(SVGFigure.c(x - bulge)) \(SVGFigure.c(b)) \(SVGFigure.c(x - 6)) \(SVGFigure.c(b))",
                        stroke: colour, width: 1.2)
            figure.path("M\(SVGFigure.c(x - 7)) \(SVGFigure.c(b - 4))L\(SVGFigure.c(x)) \(SVGFigure.c(b))L\(SVGFigure.c(x - 7)) \(SVGFigure.c(b + 4))z", fill: colour)
        }
        func centre(_ k: Int) -> Double { tops[k] + heights[k] / 2 }
        let inputY = 40 + portH / 2, outputY = outputTop + portH / 2
        for k in shown.indices where shown[k].readsInput {
            arc(fromY: inputY, toY: centre(k) - 6, bulge: Swift.min(140, 18 + 10 * Double(k + 1)), colour: Palette.muted)
        }
        for edge in graph.edges where edge.from < shown.count && edge.to < shown.count {
            arc(fromY: centre(edge.from), toY: centre(edge.to), bulge: Swift.min(140, 18 + 12 * Double(edge.to - edge.from)), colour: "#0072B2")
        }
        for k in shown.indices where shown[k].readByOutput {
            arc(fromY: centre(k) + 6, toY: outputY, bulge: Swift.min(140, 18 + 10 * Double(shown.count - k)), colour: Palette.muted)
        }
        for (k, node) in shown.enumerated() {
            let top = tops[k], h = heights[k]
            let tooltip = node.evidence.joined(separator: "\n")
            figure.rect(boxX, top, boxW, h, fill: VerdictText.colour(node.verdict), radius: 5, title: tooltip)
            let ink = node.verdict == .undecided ? Palette.ink : "#ffffff"
            let name = node.blocks.joined(separator: " + ").clipped(to: 24)
            figure.text(boxX + 10, top + 17, "\(VerdictText.symbol(node.verdict)) \(name)\(node.cyclic ? " ↻" : "")", size: 13, fill: ink, weight: "600")
            figure.text(boxX + 10, top + 33, "\(NumberText.count(node.states)) states · \(node.activations.joined(separator: ", ").clipped(to: 20))", size: 11.5, fill: ink)
            figure.text(textX, top + 15, "\(k + 1). \(VerdictText.word(node.verdict))" + Self.picardText(node), size: 12.5, weight: "600")
            for (t, line) in lines[k].enumerated() {
                figure.text(textX, top + 15 + 15 * Double(t + 1), line, size: 11.5, fill: "#333333")
            }
        }
        var html = "<p class=\"caption\">The strongly connected components of A's block graph, in the order they are solved (permuted to it, A is block lower-triangular). "
        html += "The model is well-posed exactly when every component is (the paper's Theorem 1). Each box's colour and symbol give its verdict; beside it, the criterion and the certificate or witness that anyone can recompute, and whether the Picard iteration is a proven contraction.</p>\n"
        html += figure.render()
        if graph.nodes.count > shown.count {
            html += "<p class=\"note\">\(graph.nodes.count - shown.count) further components are not drawn: \(graph.nodes.dropFirst(shown.count).filter { $0.verdict != .wellPosed }.count) of them not proven well-posed.</p>"
        }
        return html
    }

    static func picardText(_ node: BlockGraph.Node) -> String {
        guard let contractive = node.picardContractive else { return "" }
        return " · Picard \(contractive ? "contractive" : "not proven contractive")" + (node.picardFactor.map { " (‖LA‖ ≤ \(NumberText.short($0)))" } ?? "")
    }

    /// Splits a line at spaces into pieces of at most `length` characters (a longer word is cut).
    static func wrap(_ text: String, _ length: Int) -> [String] {
        var out: [String] = [], line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if line.isEmpty { line = String(word) } else if line.count + 1 + word.count <= length { line += " " + word } else { out.append(line); line = "  " + word }
            while line.count > length { out.append(String(line.prefix(length))); line = "  " + String(line.dropFirst(length)) }
        }
        if !line.isEmpty { out.append(line) }
        return out
    }
}
