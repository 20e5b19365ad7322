import ImplicitModel

/// Intervals for a batch of boxes: entry (i, j) is [lower[i, j], upper[i, j]], one box per column
/// (the j-th input row's box), as models take their samples.
public struct IntervalBatch: Sendable, Equatable {
    public var lower: Matrix
    public var upper: Matrix

    /// Intervals from their ends; both matrices have the same shape.
    public init(lower: Matrix, upper: Matrix) {
        precondition(lower.rows == upper.rows && lower.cols == upper.cols,
                     "interval ends \(lower.rows)×\(lower.cols) and \(upper.rows)×\(upper.cols)")
        self.lower = lower
        self.upper = upper
    }

    /// `rows` unbounded intervals (−∞, ∞) for each of `count` boxes.
    public init(unboundedRows rows: Int, count: Int) {
        self.init(lower: Matrix(rows: rows, cols: count, repeating: -.infinity),
                  upper: Matrix(rows: rows, cols: count, repeating: .infinity))
    }

    /// Number of quantities bounded per box.
    public var rows: Int { lower.rows }
    /// Number of boxes.
    public var count: Int { lower.cols }

    /// True when every end is a finite number.
    public var isFinite: Bool { lower.isFinite && upper.isFinite }

    /// Entry-wise intersection with another batch of the same shape: both enclose the same
    /// quantities, so their intersection does too.
    public func intersected(with other: IntervalBatch) -> IntervalBatch {
        var result = self
        for j in 0..<count {
            for i in 0..<rows {
                result.lower[i, j] = Swift.max(lower[i, j], other.lower[i, j])
                result.upper[i, j] = Swift.min(upper[i, j], other.upper[i, j])
            }
        }
        return result
    }

    /// Entry-wise sum of the intervals (Minkowski sum), with no rounding allowance: callers add
    /// intervals that already carry theirs, and add the sum's rounding via `widened(by:)`.
    mutating func add(_ other: IntervalBatch) {
        lower.add(other.lower)
        upper.add(other.upper)
    }

    /// Each end moved outward by `relative` times its magnitude plus the smallest normal: the
    /// allowance for the rounding of a few additions.
    func widened(by relative: Double) -> IntervalBatch {
        let lower = self.lower.mapElements { $0.isFinite ? $0 - Swift.abs($0) * relative - Double.leastNormalMagnitude : $0 }
        let upper = self.upper.mapElements { $0.isFinite ? $0 + Swift.abs($0) * relative + Double.leastNormalMagnitude : $0 }
        return IntervalBatch(lower: lower, upper: upper)
    }

    /// The rows of the given range, as a batch.
    func rows(_ range: Range<Int>) -> IntervalBatch {
        IntervalBatch(lower: lower.rows(range), upper: upper.rows(range))
    }

    /// Column j (one box) as two vectors.
    func box(_ j: Int) -> (lower: [Double], upper: [Double]) { (lower.column(j), upper.column(j)) }
}

extension IntervalBatch {
    /// The boxes of the given columns, in that order.
    func columns(_ indices: [Int]) -> IntervalBatch {
        IntervalBatch(lower: lower.submatrix(rows: Array(0..<rows), cols: indices),
                      upper: upper.submatrix(rows: Array(0..<rows), cols: indices))
    }
}
