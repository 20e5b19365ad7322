import ImplicitAnalysis

/// 4. Singular values of each stored block of A on a log scale, the numerical rank marked.
struct SpectraSection: ReportSection {
    let id = "spectra"
    let title = "Spectra of the blocks of A"
    /// Blocks drawn; the rest are listed in a table.
    static let blocksDrawn = 24
    /// Singular values drawn per block (evenly spaced indices when there are more).
    static let pointsDrawn = 400

    func body(_ report: ModelReport) -> String? {
        var html = "<p class=\"caption\">Singular values σ₁ ≥ σ₂ ≥ … of every stored block A[row block, column block], from LAPACK's SVD. "
        html += "Where values fall below the numerical-rank threshold max(r, c)·ε·σ₁ (as NumPy's <code>matrix_rank</code>), a dashed line marks it, the part under it is shaded and a dotted line marks the numerical rank; exact zeros sit on the floor. "
        html += "A block of low numerical rank r can be replaced by a product of two factors (<code>implicit prune --rank</code>), r(r + c) multiply-adds instead of its nonzeros.</p>\n"
        guard !report.spectra.isEmpty else { return html + "<p class=\"note\">A has no stored block: the model is y = Du + c on the input alone.</p>" }
        let analysed = report.spectra.filter { $0.skipped == nil }
        html += "<div class=\"multiples\">"
        for part in analysed.prefix(Self.blocksDrawn) { html += Self.figure(part, colour: Palette.category(4)) }
        html += "</div>\n"
        let skipped = report.spectra.filter { $0.skipped != nil }
        let undrawn = analysed.dropFirst(Self.blocksDrawn)
        if !skipped.isEmpty || !undrawn.isEmpty {
            html += "<table><thead><tr><th>block of A</th><th class=\"num\">rows × cols</th><th class=\"num\">numerical rank</th><th>note</th></tr></thead><tbody>"
            for part in Array(undrawn) + skipped {
                html += "<tr><td>\(Self.name(part))</td><td class=\"num\">\(part.rows) × \(part.cols)</td><td class=\"num\">\(part.skipped == nil ? String(part.numericalRank) : "—")</td>"
                html += "<td>\(part.skipped.map { HTML.escape("no SVD: \($0) (raise it with --svd-limit)") } ?? "not drawn")</td></tr>"
            }
            html += "</tbody></table>"
        }
        return html
    }

    static func name(_ part: LowRankFactor) -> String {
        HTML.escape("A[\(part.rowBlocks.joined(separator: "+")), \(part.colBlocks.joined(separator: "+"))]")
    }

    static func figure(_ part: LowRankFactor, colour: String) -> String {
        let values = part.singularValues
        var figure = SVGFigure(width: 400, height: 240, label: "Singular values of A[\(part.rowBlocks.joined(separator: "+")), \(part.colBlocks.joined(separator: "+"))]")
        let frame = PlotFrame(figure: figure, marginLeft: 58, marginTop: 12, marginRight: 14, marginBottom: 44)
        let top = values.first ?? 0
        // Zero singular values sit on the floor, a decade under the threshold; a full-rank block's
        // axis ends under its smallest σ, so the threshold (near 10⁻¹⁵ σ₁) does not flatten it.
        let floor = Swift.max(part.numericalRankThreshold / 10, Double.leastNormalMagnitude)
        let full = part.numericalRank == values.count
        let bottomValue = full ? (values.last ?? top) / 3 : floor / 2
        let y = LogScale(domain: bottomValue, Swift.max(top, bottomValue * 10) * 1.5, range: frame.bottom, frame.top)
        let x = LinearScale(domain: 1, Double(Swift.max(values.count, 2)), range: frame.left, frame.right)
        frame.draw(on: &figure, x: x, y: y, xTitle: "index i of σᵢ", yTitle: "σᵢ (log scale)",
                   xTicks: x.ticks().filter { $0.value == $0.value.rounded() })
        if !full {
            let threshold = y.map(part.numericalRankThreshold)
            figure.rect(frame.left + 1, threshold, frame.width - 1, Swift.max(0, frame.bottom - threshold), fill: "#eeeeee")
            figure.line(frame.left, threshold, frame.right, threshold, stroke: Palette.illPosed, width: 1.2, dash: "5 3")
            figure.text(frame.right - 4, threshold - 5, "max(r, c)·ε·σ₁", size: 11, anchor: .end, fill: Palette.illPosed)
        }
        let step = Swift.max(1, values.count / pointsDrawn)
        let indices = Array(stride(from: 0, to: values.count, by: step)) + (values.count > 1 && (values.count - 1) % step != 0 ? [values.count - 1] : [])
        figure.polyline(indices.map { (x.map(Double($0 + 1)), y.map(Swift.max(values[$0], floor))) }, stroke: colour)
        if values.count <= 64 {
            for (i, v) in values.enumerated() { figure.circle(x.map(Double(i + 1)), y.map(Swift.max(v, floor)), 2.6, fill: colour, title: "σ\(i + 1) = \(NumberText.precise(v))") }
        }
        if part.numericalRank > 0, part.numericalRank < values.count {
            let rx = x.map(Double(part.numericalRank) + 0.5)
            figure.line(rx, frame.top, rx, frame.bottom, stroke: Palette.ink, width: 1, dash: "2 2")
        }
        let caption = "\(name(part)) · \(part.rows) × \(part.cols) · numerical rank <b>\(part.numericalRank)</b>\(full ? " (full)" : " of \(Swift.min(part.rows, part.cols))") · σ₁ = \(NumberText.short(top))"
        return "<figure>" + figure.render() + "<figcaption>\(caption)</figcaption></figure>"
    }
}
