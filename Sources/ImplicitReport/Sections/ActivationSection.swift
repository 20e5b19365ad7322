/// 6. With inputs: per block, the range of the pre-activations z and the fraction of active states.
struct ActivationSection: ReportSection {
    let id = "activations"
    let title = "Activations on the inputs"
    static let blocksDrawn = 60

    func body(_ report: ModelReport) -> String? {
        guard let stats = report.activations else { return nil }
        let blocks = Array(stats.blocks.prefix(Self.blocksDrawn))
        var html = "<p class=\"caption\">Pre-activations z = Ax + Bu + b at the solved state, over the \(NumberText.count(stats.samples)) samples of \(HTML.escape(report.inputsName ?? "the inputs")) and all states of each block. "
        html += "Left: thin line minimum to maximum, whiskers 5–95 %, box 25–75 %, tick the median. Right: the fraction of (sample, state) pairs with z &gt; 0 (active: on the identity piece of ReLU), and the states never and always active.</p>\n"
        let rowH = 30.0, top = 30.0
        var figure = SVGFigure(width: 1000, height: top + rowH * Double(blocks.count) + 48, label: "Pre-activation ranges and active fractions per block")
        let left = 170.0, rangeRight = 640.0, fracLeft = 690.0, fracRight = 880.0
        let lo = Swift.min(0, blocks.map(\.minimum).min() ?? 0), hi = Swift.max(0, blocks.map(\.maximum).max() ?? 0)
        let x = LinearScale(domain: lo, hi, range: left, rangeRight)
        let bottom = top + rowH * Double(blocks.count)
        for tick in x.ticks() {
            let px = x.map(tick.value)
            figure.line(px, top - 4, px, bottom, stroke: tick.value == 0 ? Palette.ink : Palette.grid, width: tick.value == 0 ? 1 : 0.7)
            figure.text(px, bottom + 16, tick.label, size: 11, anchor: .middle)
        }
        figure.text((left + rangeRight) / 2, bottom + 36, "pre-activation z (units of the state)", size: 12, anchor: .middle)
        figure.text(fracLeft, 16, "fraction active (z > 0)", size: 12)
        let f = LinearScale(domain: 0, 1, range: fracLeft, fracRight)
        for v in [0.0, 0.5, 1.0] {
            figure.line(f.map(v), top - 4, f.map(v), bottom, stroke: Palette.grid, width: 0.7)
            figure.text(f.map(v), bottom + 16, "\(Int(v * 100)) %", size: 11, anchor: .middle)
        }
        for (k, block) in blocks.enumerated() {
            let cy = top + rowH * (Double(k) + 0.5)
            figure.text(left - 10, cy + 4, "\(block.name.clipped(to: 14)) · \(block.activation.clipped(to: 10))", size: 12, anchor: .end)
            let colour = "#0072B2"
            figure.line(x.map(block.minimum), cy, x.map(block.maximum), cy, stroke: Palette.muted, width: 1)
            if block.quantiles.count == 5 {
                let q = block.quantiles.map(x.map)
                figure.line(q[0], cy, q[4], cy, stroke: colour, width: 2)
                figure.line(q[0], cy - 5, q[0], cy + 5, stroke: colour, width: 1.5)
                figure.line(q[4], cy - 5, q[4], cy + 5, stroke: colour, width: 1.5)
                figure.rect(q[1], cy - 8, Swift.max(q[3] - q[1], 1), 16, fill: "#56B4E9", stroke: colour,
                            title: "\(block.name): min \(NumberText.precise(block.minimum)), 5 % \(NumberText.precise(block.quantiles[0])), 25 % \(NumberText.precise(block.quantiles[1])), median \(NumberText.precise(block.quantiles[2])), 75 % \(NumberText.precise(block.quantiles[3])), 95 % \(NumberText.precise(block.quantiles[4])), max \(NumberText.precise(block.maximum))")
                figure.line(q[2], cy - 8, q[2], cy + 8, stroke: Palette.ink, width: 2)
            }
            figure.rect(f.map(0), cy - 8, f.map(1) - f.map(0), 16, fill: "#eeeeee")
            figure.rect(f.map(0), cy - 8, f.map(block.fractionActive) - f.map(0), 16, fill: "#009E73",
                        title: "\(block.name): \(NumberText.precise(block.fractionActive * 100)) % active")
            figure.text(fracRight + 8, cy - 1, "\(NumberText.short(block.fractionActive * 100)) %", size: 12)
            figure.text(fracRight + 8, cy + 12, "never \(block.neverActive), always \(block.alwaysActive)", size: 10.5, fill: Palette.muted)
        }
        html += figure.render()
        if stats.blocks.count > blocks.count { html += "<p class=\"note\">\(stats.blocks.count - blocks.count) further blocks are not drawn.</p>" }
        return html
    }
}
