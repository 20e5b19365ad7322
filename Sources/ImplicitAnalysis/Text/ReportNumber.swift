import Foundation

/// How a text report prints a measured number: to `significantDigits` significant digits
/// (`%.4g`: "1.321", "0.0001234", "1.235e+05"), enough to read a figure and compare two of them;
/// the JSON reports carry every digit, for checking. Public so that `implicit`'s text reports,
/// the HTML report and the evidence lines of `WellPosednessEvidenceText` share one rule.
public enum ReportNumber {
    /// Four: a speed-up, a norm or a deviation is read to a part in a thousand; more digits are
    /// noise to the reader and stay available in `--json`.
    public static let significantDigits = 4

    /// `x` to `significantDigits` significant digits; "nan", "inf", "-inf" as JSON writes them.
    public static func text(_ x: Double) -> String { formatted(x, digits: significantDigits) }

    /// `value` and `bound` to `significantDigits` digits, or as many more as it takes for the two
    /// texts to differ when the numbers do: a certificate 0.99999 < 1 must not read "1 < 1".
    public static func pair(_ value: Double, _ bound: Double) -> (value: String, bound: String) {
        var digits = significantDigits
        while value != bound, digits < 17, formatted(value, digits: digits) == formatted(bound, digits: digits) { digits += 1 }
        return (formatted(value, digits: digits), formatted(bound, digits: digits))
    }

    /// `x` to `digits` significant digits (`%.{digits}g`), "nan", "inf", "-inf".
    public static func formatted(_ x: Double, digits: Int) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return String(format: "%.\(digits)g", x)
    }
}
