/// M = [[A, B], [C, D]] downsampled to a grid of cells, each holding the largest |entry| it covers.
///
/// Rows: the state blocks, then the output; columns: the state blocks, then the input (see
/// `AxisSampling`). The maximum, not the mean, so that a single nonzero weight in a cell is never
/// averaged away: a blank cell is exactly zero.
public struct MatrixPicture: Codable, Sendable, Equatable {
    public let rows: AxisSampling
    public let cols: AxisSampling
    /// Row-major, rows.cells × cols.cells: max |M[i, j]| over the cell.
    public let maxAbs: [Double]
    /// The number of state rows (and columns): the A part ends there.
    public let stateCount: Int

    public init(rows: AxisSampling, cols: AxisSampling, maxAbs: [Double], stateCount: Int) {
        precondition(maxAbs.count == rows.cells * cols.cells, "grid does not match its axes")
        self.rows = rows
        self.cols = cols
        self.maxAbs = maxAbs
        self.stateCount = stateCount
    }

    public subscript(row: Int, col: Int) -> Double { maxAbs[row * cols.cells + col] }

    /// The smallest and largest nonzero cell, nil when M is zero.
    public var nonzeroRange: ClosedRange<Double>? {
        var lo = Double.infinity, hi = 0.0
        for v in maxAbs where v > 0 { lo = Swift.min(lo, v); hi = Swift.max(hi, v) }
        return hi > 0 ? lo...hi : nil
    }
}
