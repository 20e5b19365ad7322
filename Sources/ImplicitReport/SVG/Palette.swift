/// The report's colours, chosen to stay distinguishable with the common colour-vision deficiencies.
///
/// Magnitudes use viridis (perceptually uniform, monotone in lightness, readable in grey scale);
/// categories use the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design").
public enum Palette {
    /// matplotlib's viridis at t = 0, 0.1, …, 1 (dark purple → yellow).
    static let viridisStops: [(r: Double, g: Double, b: Double)] = [
        (0x44, 0x01, 0x54), (0x48, 0x24, 0x75), (0x41, 0x44, 0x87), (0x35, 0x5F, 0x8D), (0x2A, 0x78, 0x8E),
        (0x21, 0x91, 0x8C), (0x22, 0xA8, 0x84), (0x44, 0xBF, 0x70), (0x7A, 0xD1, 0x51), (0xBD, 0xDF, 0x26),
        (0xFD, 0xE7, 0x25),
    ].map { (Double($0.0), Double($0.1), Double($0.2)) }

    /// Viridis at t ∈ [0, 1] (clamped), linearly interpolated between the stops, as `#rrggbb`.
    public static func viridis(_ t: Double) -> String {
        let x = (t.isNaN ? 0 : Swift.min(Swift.max(t, 0), 1)) * Double(viridisStops.count - 1)
        let i = Swift.min(Int(x), viridisStops.count - 2), f = x - Double(i)
        let a = viridisStops[i], b = viridisStops[i + 1]
        return hex(a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b))
    }

    /// Okabe–Ito, without black: orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple.
    public static let categories = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]

    /// The k-th category colour, cycling.
    public static func category(_ k: Int) -> String { categories[((k % categories.count) + categories.count) % categories.count] }

    public static let wellPosed = "#009E73"
    public static let illPosed = "#D55E00"
    public static let undecided = "#E69F00"
    /// Axes, text and neutral marks.
    public static let ink = "#222222"
    public static let grid = "#dddddd"
    public static let muted = "#777777"

    static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
        func byte(_ v: Double) -> String {
            let s = String(Int(v.rounded()).clamped(0, 255), radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + byte(r) + byte(g) + byte(b)
    }
}

extension Int {
    func clamped(_ lo: Int, _ hi: Int) -> Int { Swift.min(Swift.max(self, lo), hi) }
}
