import Foundation
import ImplicitAnalysis

/// How numbers are written on the page: short enough for a label, exact enough to check.
enum NumberText {
    /// `ReportNumber`'s four significant digits, the rule of every text report, in the page's
    /// glyphs (−, ∞, NaN).
    static func short(_ x: Double) -> String { typographic(ReportNumber.text(x)) }

    /// Six significant digits, for figures a reader may recompute (ε, bound widths, σ, peaks).
    /// The well-posedness evidence is not written here: it is `implicit lint`'s lines
    /// (`WellPosednessEvidenceText`, in `ReportNumber`'s four digits).
    static func precise(_ x: Double) -> String { typographic(ReportNumber.formatted(x, digits: 6)) }

    /// A number as `ReportNumber` writes it, with a true minus sign and ∞.
    private static func typographic(_ text: String) -> String {
        switch text {
        case "nan": return "NaN"
        case "inf": return "∞"
        case "-inf": return "−∞"
        default: return text.replacingOccurrences(of: "-", with: "−")
        }
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
