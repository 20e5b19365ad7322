import Foundation

/// 2. M = [[A, B], [C, D]] as a magnitude picture with the block boundaries and names; hovering
/// shows the entries under the pointer.
struct MatrixSection: ReportSection {
    let id = "matrix"
    let title = "M = [[A, B], [C, D]]"
    /// Colour levels of the magnitude scale (one SVG path each).
    static let levels = 24
    /// Magnitudes more than this many decades below the largest share the lightest colour.
    static let decades = 6.0
    /// The picture's longer side, in viewBox units.
    static let side = 640.0
    /// A cell of a small model is drawn no larger than this, in viewBox units.
    static let largestCell = 28.0

    func body(_ report: ModelReport) -> String? {
        let pic = report.picture
        let nr = pic.rows.cells, nc = pic.cols.cells
        let cell = Swift.min(Self.largestCell, Self.side / Double(Swift.max(nr, nc, 1)))
        let cw = cell, ch = cell
        let x0 = 150.0, y0 = 72.0
        let gridW = Double(nc) * cw, gridH = Double(nr) * ch
        var figure = SVGFigure(width: Swift.max(x0 + gridW + 130, x0 + 560), height: y0 + Swift.max(gridH + 40, Self.barHeight(gridH) + 56) + 10,
                               label: "Magnitudes of the entries of M, \(pic.rows.length) rows by \(pic.cols.length) columns")
        figure.rect(x0, y0, gridW, gridH, fill: "#ffffff", stroke: Palette.muted)

        let range = pic.nonzeroRange
        let hi = range?.upperBound ?? 1
        // A scale of at least a tenth of a decade, so that equal magnitudes still have a bar.
        let lo = Swift.min(Swift.max(range?.lowerBound ?? 1, hi * pow(10, -Self.decades)), hi / pow(10, 0.1))
        let span = Swift.max(log10(hi) - log10(lo), 1e-12)
        func level(_ v: Double) -> Int {
            Int(((log10(Swift.max(v, lo)) - log10(lo)) / span * Double(Self.levels - 1)).rounded()).clamped(0, Self.levels - 1)
        }
        // Large magnitudes dark: the reversed viridis, so that a blank (zero) cell stays white.
        func colour(_ k: Int) -> String { Palette.viridis(1 - Double(k) / Double(Self.levels - 1)) }
        var paths = [String](repeating: "", count: Self.levels)
        for r in 0..<nr {
            var c = 0
            while c < nc {
                let v = pic[r, c]
                guard v > 0 else { c += 1; continue }
                let k = level(v)
                var end = c + 1
                while end < nc, pic[r, end] > 0, level(pic[r, end]) == k { end += 1 }
                paths[k] += "M\(SVGFigure.c(x0 + Double(c) * cw)) \(SVGFigure.c(y0 + Double(r) * ch))h\(SVGFigure.c(Double(end - c) * cw))v\(SVGFigure.c(ch))h-\(SVGFigure.c(Double(end - c) * cw))z"
                c = end
            }
        }
        for (k, d) in paths.enumerated() where !d.isEmpty { figure.path(d, fill: colour(k)) }

        // Block boundaries; the state/port boundary heavier.
        let n = pic.stateCount
        for segment in pic.cols.segments.dropFirst() {
            let x = x0 + pic.cols.position(of: segment.first) * cw
            figure.line(x, y0, x, y0 + gridH, stroke: segment.first == n ? Palette.ink : Palette.muted, width: segment.first == n ? 1.6 : 0.6)
        }
        for segment in pic.rows.segments.dropFirst() {
            let y = y0 + pic.rows.position(of: segment.first) * ch
            figure.line(x0, y, x0 + gridW, y, stroke: segment.first == n ? Palette.ink : Palette.muted, width: segment.first == n ? 1.6 : 0.6)
        }
        // Block names: across the top (turned when narrow), down the left.
        for segment in pic.cols.segments where segment.size > 0 {
            let a = x0 + pic.cols.position(of: segment.first) * cw, b = x0 + pic.cols.position(of: segment.first + segment.size) * cw
            let name = segment.name.clipped(to: 16)
            if b - a >= Double(name.count) * 7 + 4 {
                figure.text((a + b) / 2, y0 - 8, name, size: 12, anchor: .middle)
            } else if b - a >= 9 {
                figure.text((a + b) / 2 + 4, y0 - 6, name, size: 11, rotate: -50)
            }
        }
        for segment in pic.rows.segments where segment.size > 0 {
            let a = y0 + pic.rows.position(of: segment.first) * ch, b = y0 + pic.rows.position(of: segment.first + segment.size) * ch
            if b - a >= 10 { figure.text(x0 - 8, (a + b) / 2 + 4, segment.name.clipped(to: 18), size: 12, anchor: .end) }
        }
        // Which part is which.
        let xn = x0 + pic.cols.position(of: n) * cw, yn = y0 + pic.rows.position(of: n) * ch
        figure.text((x0 + xn) / 2, y0 - 32, "A", size: 14, anchor: .middle, weight: "700")
        if xn < x0 + gridW { figure.text((xn + x0 + gridW) / 2, y0 - 32, "B", size: 14, anchor: .middle, weight: "700") }
        if yn < y0 + gridH {
            figure.text((x0 + xn) / 2, y0 + gridH + 18, "C", size: 14, anchor: .middle, weight: "700")
            if xn < x0 + gridW { figure.text((xn + x0 + gridW) / 2, y0 + gridH + 18, "D", size: 14, anchor: .middle, weight: "700") }
        }
        figure.text(x0, y0 + Swift.max(gridH + 40, Self.barHeight(gridH) + 56),
                    "columns: \(NumberText.plural(n, "state")) x, then \(NumberText.plural(pic.cols.length - n, "input")) u · rows: the states, then \(NumberText.plural(pic.rows.length - n, "output")) y",
                    size: 12, fill: Palette.muted)

        // The colour scale.
        let barX = x0 + gridW + 34, barH = Self.barHeight(gridH)
        for k in 0..<Self.levels {
            let y = y0 + barH - Double(k + 1) * barH / Double(Self.levels)
            figure.rect(barX, y, 16, barH / Double(Self.levels) + 0.5, fill: colour(k))
        }
        figure.rect(barX, y0, 16, barH, fill: "none", stroke: Palette.muted)
        if range != nil {
            // The bar's own scale: exactly lo…hi, as the colours.
            let scale = LogScale(domain: lo, hi, range: y0 + barH, y0, minimumDecades: 0)
            var ticks = scale.ticks().filter { $0.value >= lo * 0.999 && $0.value <= hi * 1.001 }
            if ticks.count < 2 { ticks = [(lo, NumberText.short(lo)), (hi, NumberText.short(hi))] }
            for tick in ticks {
                let y = scale.map(tick.value)
                figure.line(barX + 16, y, barX + 20, y)
                figure.text(barX + 23, y + 4, tick.label, size: 11)
            }
            figure.text(barX, y0 + barH + 18, "|entry|", size: 12)
            figure.text(barX, y0 + barH + 33, "(no unit)", size: 11, fill: Palette.muted)
        }

        let dataID = "matrix-data", readoutID = "matrix-readout"
        var html = "<p class=\"caption\">Each cell is coloured by the largest |entry| it covers (log scale; white: exactly zero). "
        if pic.rows.cells < pic.rows.length || pic.cols.cells < pic.cols.length {
            html += "M is \(NumberText.count(pic.rows.length)) × \(NumberText.count(pic.cols.length)), drawn as \(nr) × \(nc) cells: a cell covers up to \(Self.maxSpan(pic.rows)) rows and \(Self.maxSpan(pic.cols)) columns, and every block gets at least a few cells, so narrow blocks are widened. "
        } else {
            html += "One cell per entry. "
        }
        html += "Rows: the state blocks, then the output; columns: the state blocks, then the input. Point at a cell to read its entries.</p>\n"
        html += "<div class=\"figure-matrix\">" + figure.render(attributes: "data-matrix=\"\(dataID)\" data-readout=\"\(readoutID)\"")
        html += "<p class=\"readout\" id=\"\(readoutID)\">&nbsp;</p></div>\n"
        html += "<script type=\"application/json\" id=\"\(dataID)\">" + HTML.scriptJSON(Self.hoverData(pic, x0: x0, y0: y0, cw: cw, ch: ch)) + "</script>"
        return html
    }

    /// The colour bar's height beside a picture `gridH` tall.
    static func barHeight(_ gridH: Double) -> Double { Swift.max(140, Swift.min(220, gridH)) }

    static func maxSpan(_ axis: AxisSampling) -> Int {
        (0..<axis.cells).map { axis.cellStarts[$0 + 1] - axis.cellStarts[$0] }.max() ?? 1
    }

    /// The numbers the hover script reads: cell geometry, entry ranges, segment names and values.
    static func hoverData(_ pic: MatrixPicture, x0: Double, y0: Double, cw: Double, ch: Double) -> String {
        func json(_ s: String) -> String {
            var out = "\""
            for ch in s.unicodeScalars {
                switch ch {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                default:
                    if ch.value < 0x20 { out += String(format: "\\u%04x", ch.value) } else { out.unicodeScalars.append(ch) }
                }
            }
            return out + "\""
        }
        func segments(_ axis: AxisSampling) -> String {
            "[" + axis.segments.map { "[\(json($0.name)),\($0.first)]" }.joined(separator: ",") + "]"
        }
        let values = pic.maxAbs.map { $0 == 0 ? "0" : String(format: "%.4g", $0) }.joined(separator: ",")
        return "{\"x0\":\(SVGFigure.c(x0)),\"y0\":\(SVGFigure.c(y0)),\"cw\":\(cw),\"ch\":\(ch),\"nr\":\(pic.rows.cells),\"nc\":\(pic.cols.cells),\"n\":\(pic.stateCount)," +
            "\"rowStarts\":[\(pic.rows.cellStarts.map(String.init).joined(separator: ","))],\"colStarts\":[\(pic.cols.cellStarts.map(String.init).joined(separator: ","))]," +
            "\"rowSeg\":\(segments(pic.rows)),\"colSeg\":\(segments(pic.cols)),\"v\":[\(values)]}"
    }
}
