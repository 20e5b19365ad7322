/// The words for a diagonal component's evidence — its certificate, its witness, its Picard
/// bound — shared by `implicit lint`'s text and the HTML report's block graph, so that the two
/// never describe the same numbers differently (docs/lint.md defines every field named here).
///
/// Numbers follow the text reports' rule (`ReportNumber`: four significant digits, a value shown
/// with as many more as it takes to differ from its bound), with the ASCII minus, so that a
/// vector can be pasted into NumPy as it stands; `implicit lint --json` has every digit.
public enum WellPosednessEvidenceText {
    /// Vector entries written before the rest are only counted.
    public static let vectorEntriesShown = 8
    /// State names written in full; a longer list shows the first `stateNamesShown − 1` and the last.
    public static let stateNamesShown = 6

    /// A component's evidence, one line or two each: the certificate (well-posed) or the witness
    /// (ill-posed), then the Picard bound.
    public static func lines(certificate: WellPosednessCertificate?, witness: IllPosednessWitness?,
                             picard: PicardReport) -> [String] {
        var lines: [String] = []
        if let certificate { lines.append(Self.certificate(certificate)) }
        if let witness { lines += Self.witness(witness) }
        lines.append(Self.picard(picard))
        return lines
    }

    /// `certificate: normInf on A: ‖M‖∞ < 1; value 0.5 < bound 1`, then the scaling vector and
    /// the smallest principal minor when the certificate has them. The relation between value and
    /// bound is the one that holds: `<` for norms and ratios, `>` for pivots and condition numbers.
    public static func certificate(_ c: WellPosednessCertificate) -> String {
        let shown = ReportNumber.pair(c.value, c.bound)
        var line = "certificate: \(c.kind.rawValue) on \(c.matrix.rawValue): \(c.condition); "
            + "value \(shown.value) \(relation(c.value, c.bound)) bound \(shown.bound)"
        if let v = c.scaling { line += "; scaling v = \(vector(v))" }
        if let m = c.smallestMinor { line += "; smallest principal minor \(ReportNumber.text(m))" }
        return line
    }

    /// Two lines: how the witness was found and its b, then the two solutions and their residual.
    public static func witness(_ w: IllPosednessWitness) -> [String] {
        ["witness: \(w.reason.rawValue)\(w.subset.map { " on states \($0)" } ?? ""): b = \(vector(w.b))",
         "  x¹ = \(vector(w.x1)), x² = \(vector(w.x2)) (both solve x = φ(Ax + b), residual \(ReportNumber.text(w.residual)))"]
    }

    /// `Picard: contractive, ‖LA‖ in the inf norm = 0.5`; a factor next to 1 gets the digits that
    /// tell it from 1.
    public static func picard(_ p: PicardReport) -> String {
        "Picard: \(p.contractive ? "contractive" : "not proven contractive"), ‖LA‖ in the \(p.norm.rawValue) norm = \(ReportNumber.pair(p.value, 1).value)"
    }

    /// `{h[0], h[1]}`; past `stateNamesShown` names the first five and the last: `{h[0], h[1], h[2], h[3], h[4], … h[99]}`.
    public static func stateSet(_ names: [String]) -> String {
        guard names.count > stateNamesShown else { return "{" + names.joined(separator: ", ") + "}" }
        return "{" + names.prefix(stateNamesShown - 1).joined(separator: ", ") + ", … \(names.last ?? "")}"
    }

    /// The first `vectorEntriesShown` entries, then how many there are in all.
    public static func vector(_ v: [Double]) -> String {
        "[" + v.prefix(vectorEntriesShown).map(ReportNumber.text).joined(separator: ", ")
            + (v.count > vectorEntriesShown ? ", … (\(v.count) in all)" : "") + "]"
    }

    static func relation(_ value: Double, _ bound: Double) -> String {
        value < bound ? "<" : value > bound ? ">" : "="
    }
}
