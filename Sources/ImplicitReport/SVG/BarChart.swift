/// A bar per index (an input, a state), binned to at most `maxBars` bars whose height is the
/// largest value in the bin, so that one large weight is never averaged away; marked indices
/// (ignored inputs, removable states) get a symbol under the axis.
struct BarChart {
    var values: [Double]
    var xTitle: String
    var yTitle: String
    /// Names a bar's index in its tooltip, e.g. "input 3" or "h1[17]".
    var indexName: (Int) -> String
    var colour: (Int) -> String = { _ in "#0072B2" }
    /// Indices marked under the axis, with the mark's meaning for the legend.
    var marks: Set<Int> = []
    var markMeaning = ""
    /// Vertical separators with a label (block boundaries).
    var boundaries: [(index: Int, name: String)] = []
    var maxBars = 400

    func render(label: String) -> String {
        var figure = SVGFigure(width: 1000, height: 250, label: label)
        let frame = PlotFrame(figure: figure, marginLeft: 64, marginTop: 24, marginRight: 12, marginBottom: 52)
        let count = values.count
        guard count > 0 else { return figure.render() }
        let bins = Swift.min(count, maxBars)
        let top = values.max() ?? 0
        let y = LinearScale(domain: 0, Swift.max(top, 1e-300) * 1.05, range: frame.bottom, frame.top)
        let x = LinearScale(domain: 0, Double(count), range: frame.left, frame.right)
        frame.draw(on: &figure, x: x, y: y, xTitle: xTitle, yTitle: yTitle, xTicks: Self.indexTicks(count))
        let barWidth = frame.width / Double(bins)
        for t in 0..<bins {
            let a = t * count / bins, b = Swift.max(a + 1, (t + 1) * count / bins)
            let slice = values[a..<b]
            guard let peak = slice.max() else { continue }
            let where_ = slice.firstIndex(of: peak) ?? a
            let tip = b - a == 1 ? "\(indexName(a)): \(NumberText.precise(peak))"
                : "\(indexName(a)) … \(indexName(b - 1)): max \(NumberText.precise(peak)) at \(indexName(where_))"
            let top = y.map(peak)
            figure.rect(frame.left + Double(t) * barWidth, top, Swift.max(barWidth - (bins < 120 ? 1 : 0), 0.6), Swift.max(frame.bottom - top, 0.5),
                        fill: colour(a), title: tip)
            if slice.indices.contains(where: marks.contains) {
                figure.text(frame.left + (Double(t) + 0.5) * barWidth, frame.bottom - 4, "×", size: 12, anchor: .middle, fill: Palette.illPosed, weight: "700")
            }
        }
        for boundary in boundaries {
            let px = x.map(Double(boundary.index))
            if boundary.index > 0 { figure.line(px, frame.top - 6, px, frame.bottom, stroke: Palette.muted, width: 0.8, dash: "3 3") }
            figure.text(px + 3, frame.top - 8, boundary.name.clipped(to: 14), size: 11, fill: Palette.muted)
        }
        if !marks.isEmpty {
            figure.text(frame.right, frame.bottom + 36, "× \(markMeaning)", size: 12, anchor: .end, fill: Palette.illPosed)
        }
        return figure.render()
    }

    /// Ticks at whole indices: about six, at round steps.
    static func indexTicks(_ count: Int) -> [(value: Double, label: String)] {
        let scale = LinearScale(domain: 0, Double(Swift.max(count - 1, 1)), range: 0, 1)
        return scale.ticks().filter { $0.value == $0.value.rounded() && $0.value < Double(count) }.map { ($0.value + 0.5, $0.label) }
    }
}
