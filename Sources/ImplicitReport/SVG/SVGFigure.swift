/// One inline SVG figure, built element by element in user units of its viewBox (the page scales
/// it to the column width, so text sizes are relative to `width`).
struct SVGFigure {
    let width: Double
    let height: Double
    /// What the figure shows, for screen readers (`aria-label`).
    let label: String
    private(set) var body: [String] = []

    init(width: Double, height: Double, label: String) {
        self.width = width
        self.height = height
        self.label = label
    }

    static func c(_ x: Double) -> String { NumberText.coordinate(x) }

    mutating func raw(_ element: String) { body.append(element) }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = Palette.ink,
                       width: Double = 1, dash: String? = nil) {
        body.append("<line x1=\"\(Self.c(x1))\" y1=\"\(Self.c(y1))\" x2=\"\(Self.c(x2))\" y2=\"\(Self.c(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.c(width))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>")
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil,
                       radius: Double = 0, title: String? = nil) {
        let shape = "<rect x=\"\(Self.c(x))\" y=\"\(Self.c(y))\" width=\"\(Self.c(w))\" height=\"\(Self.c(h))\" fill=\"\(fill)\"" +
            (stroke.map { " stroke=\"\($0)\"" } ?? "") + (radius > 0 ? " rx=\"\(Self.c(radius))\"" : "")
        body.append(title.map { shape + "><title>\(HTML.escape($0))</title></rect>" } ?? shape + "/>")
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ x: Double, _ y: Double, _ content: String, size: Double = 12, anchor: Anchor = .start,
                       fill: String = Palette.ink, weight: String? = nil, rotate: Double? = nil) {
        let transform = rotate.map { " transform=\"rotate(\(Self.c($0)) \(Self.c(x)) \(Self.c(y)))\"" } ?? ""
        body.append("<text x=\"\(Self.c(x))\" y=\"\(Self.c(y))\" font-size=\"\(Self.c(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(fill)\"" +
                    (weight.map { " font-weight=\"\($0)\"" } ?? "") + transform + ">\(HTML.escape(content))</text>")
    }

    mutating func path(_ d: String, fill: String = "none", stroke: String? = nil, width: Double = 1, dash: String? = nil) {
        body.append("<path d=\"\(d)\" fill=\"\(fill)\"" + (stroke.map { " stroke=\"\($0)\" stroke-width=\"\(Self.c(width))\"" } ?? "") +
                    (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>")
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5) {
        guard !points.isEmpty else { return }
        let text = points.map { "\(Self.c($0.0)),\(Self.c($0.1))" }.joined(separator: " ")
        body.append("<polyline points=\"\(text)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.c(width))\" stroke-linejoin=\"round\"/>")
    }

    mutating func circle(_ x: Double, _ y: Double, _ r: Double, fill: String, title: String? = nil) {
        let shape = "<circle cx=\"\(Self.c(x))\" cy=\"\(Self.c(y))\" r=\"\(Self.c(r))\" fill=\"\(fill)\""
        body.append(title.map { shape + "><title>\(HTML.escape($0))</title></circle>" } ?? shape + "/>")
    }

    /// The `<svg>` element (inline in HTML, so no namespace URL is needed); `attributes` are extra attributes written as given (data-*, id).
    func render(attributes: String = "") -> String {
        "<svg viewBox=\"0 0 \(Self.c(width)) \(Self.c(height))\" style=\"max-width: \(Self.c(width))px\" role=\"img\" aria-label=\"\(HTML.escape(label))\"\(attributes.isEmpty ? "" : " " + attributes)>" +
            body.joined() + "</svg>"
    }
}
