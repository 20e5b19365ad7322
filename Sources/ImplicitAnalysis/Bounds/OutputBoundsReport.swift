/// Bounds on the raw outputs Cx + Du + c of a model over each box of an input set, as the CLI
/// prints and writes them (`--json`: docs/robustness.md).
public struct OutputBoundsReport: Sendable, Codable, Equatable {
    /// The method asked for.
    public let method: BoundsMethod
    /// The methods whose bounds were intersected (`auto` resolves to these).
    public let applied: [BoundsMethod]
    /// Number of boxes m.
    public let rows: Int
    /// Number of outputs q.
    public let outputs: Int
    /// lower[j][i] ≤ y_i(u) for every u in box j: m rows of q.
    public let lower: [[Double]]
    /// upper[j][i] ≥ y_i(u) for every u in box j.
    public let upper: [[Double]]
    /// Mean of upper − lower over all rows and outputs.
    public let meanWidth: Double
    /// Largest upper − lower, and where.
    public let maxWidth: Double
    public let maxWidthRow: Int
    public let maxWidthOutput: Int
    /// Cyclic components whose interval iteration stopped at its cap (bounds still sound).
    public let unconvergedComponents: [[String]]

    /// The report of a batch of output bounds (q × m).
    public init(method: BoundsMethod, applied: [BoundsMethod], bounds: IntervalBatch, unconvergedComponents: [[String]]) {
        self.method = method
        self.applied = applied
        rows = bounds.count
        outputs = bounds.rows
        lower = (0..<bounds.count).map { bounds.lower.column($0) }
        upper = (0..<bounds.count).map { bounds.upper.column($0) }
        var total = 0.0, widest = (width: -Double.infinity, row: 0, output: 0)
        for j in 0..<rows {
            for i in 0..<outputs {
                let width = upper[j][i] - lower[j][i]
                total += width
                if width > widest.width { widest = (width, j, i) }
            }
        }
        meanWidth = rows * outputs > 0 ? total / Double(rows * outputs) : 0
        maxWidth = rows * outputs > 0 ? widest.width : 0
        maxWidthRow = widest.row
        maxWidthOutput = widest.output
        self.unconvergedComponents = unconvergedComponents
    }
}
