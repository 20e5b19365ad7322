import Foundation

/// How numbers are written on the page: short enough for a label, exact enough to check.
enum NumberText {
    /// Four significant digits; scientific notation outside [10⁻³, 10⁶).
    static func short(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "∞" : "−∞" }
        if x == 0 { return "0" }
        let text = (Swift.abs(x) >= 1e-3 && Swift.abs(x) < 1e6) ? String(format: "%.4g", x) : String(format: "%.3e", x)
        return text.replacingOccurrences(of: "-", with: "−")
    }

    /// Six significant digits, for figures a reader may recompute (ε, bound widths, σ, peaks).
    /// The well-posedness evidence is not written here: it is `implicit lint`'s lines
    /// (`WellPosednessEvidenceText`, in `ReportNumber`'s digits).
    static func precise(_ x: Double) -> String {
        if !x.isFinite || x == 0 { return short(x) }
        let text = (Swift.abs(x) >= 1e-3 && Swift.abs(x) < 1e6) ? String(format: "%.6g", x) : String(format: "%.6e", x)
        return text.replacingOccurrences(of: "-", with: "−")
    }

    /// An integer with thin-space thousands separators: 1 048 576.
    static func count(_ n: Int) -> String {
        let digits = String(Swift.abs(n))
        var out = ""
        for (k, ch) in digits.enumerated() {
            if k > 0, (digits.count - k) % 3 == 0 { out += "\u{2009}" }
            out.append(ch)
        }
        return (n < 0 ? "−" : "") + out
    }

    /// "1 output", "3 outputs", with the count written by `count`.
    static func plural(_ n: Int, _ noun: String) -> String {
        "\(count(n)) \(noun)\(n == 1 ? "" : "s")"
    }

    /// A number for SVG coordinates: at most two decimals, no exponent.
    static func coordinate(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        if r == r.rounded() { return String(Int(r)) }
        return String(format: "%.2f", r)
    }
}
