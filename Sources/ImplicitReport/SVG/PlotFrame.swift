/// The axes of one chart: a plot area inside margins, ticks and tick labels on both scales, axis
/// titles (with units), and a light grid.
struct PlotFrame {
    let left: Double, top: Double, right: Double, bottom: Double

    init(figure: SVGFigure, marginLeft: Double = 64, marginTop: Double = 16, marginRight: Double = 16, marginBottom: Double = 46) {
        left = marginLeft
        top = marginTop
        right = figure.width - marginRight
        bottom = figure.height - marginBottom
    }

    var width: Double { right - left }
    var height: Double { bottom - top }

    /// Draws the axes; `xTitle` and `yTitle` name the quantity and its unit.
    func draw(on figure: inout SVGFigure, x: Scale, y: Scale, xTitle: String, yTitle: String, xTicks: [(value: Double, label: String)]? = nil) {
        for tick in y.ticks() {
            let py = y.map(tick.value)
            figure.line(left, py, right, py, stroke: Palette.grid, width: 0.7)
            figure.line(left - 4, py, left, py)
            figure.text(left - 7, py + 4, tick.label, size: 11, anchor: .end)
        }
        for tick in xTicks ?? x.ticks() {
            let px = x.map(tick.value)
            figure.line(px, bottom, px, bottom + 4)
            figure.text(px, bottom + 17, tick.label, size: 11, anchor: .middle)
        }
        figure.line(left, bottom, right, bottom)
        figure.line(left, top, left, bottom)
        figure.text((left + right) / 2, bottom + 36, xTitle, size: 12, anchor: .middle)
        figure.text(14, (top + bottom) / 2, yTitle, size: 12, anchor: .middle, rotate: -90)
    }
}
