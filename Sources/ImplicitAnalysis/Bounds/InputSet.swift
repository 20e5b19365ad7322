import ImplicitModel

/// The inputs a bound must hold for: one box of inputs per row, u ∈ [lower_j, upper_j]
/// feature by feature (column j of `boxes`, p features × m rows).
///
/// The three forms of `implicit bounds`: the ℓ∞ ball |u − x_j| ≤ ε around each sample x_j,
/// optionally intersected with a clip box (`--input X --eps E [--clip lo,hi]`); one box for all
/// features (`--box lo,hi`); per-feature ends for one box or for each row (`--lower/--upper`).
public struct InputSet: Sendable, Equatable {
    /// p × m: one box per column.
    public let boxes: IntervalBatch

    /// Boxes from their ends (p × m each).
    /// - Throws: `BoundsError.invalidInputSet` for different shapes, NaN or infinite ends, an
    ///   empty interval, or no boxes.
    public init(lower: Matrix, upper: Matrix) throws {
        guard lower.rows == upper.rows, lower.cols == upper.cols else {
            throw BoundsError.invalidInputSet(why: "lower bounds are \(lower.cols) × \(lower.rows) and upper bounds \(upper.cols) × \(upper.rows) (rows × features)")
        }
        guard lower.cols > 0 else { throw BoundsError.invalidInputSet(why: "no rows") }
        for j in 0..<lower.cols {
            for i in 0..<lower.rows {
                let lo = lower[i, j], hi = upper[i, j]
                guard lo.isFinite, hi.isFinite else {
                    throw BoundsError.invalidInputSet(why: "row \(j) feature \(i) has the non-finite end \(lo.isFinite ? hi : lo)")
                }
                guard lo <= hi else {
                    throw BoundsError.invalidInputSet(why: "row \(j) feature \(i) has the empty interval [\(lo), \(hi)]")
                }
            }
        }
        boxes = IntervalBatch(lower: lower, upper: upper)
    }

    /// The ℓ∞ balls |u − x_j| ≤ ε around the columns x_j of `centres` (p × m), each intersected
    /// with [clip.lower, clip.upper] when given.
    /// - Throws: `BoundsError.invalidInputSet` for a negative or non-finite ε, a non-finite
    ///   sample, or a ball that misses the clip box.
    public init(centres: Matrix, radius: Double, clip: (lower: Double, upper: Double)? = nil) throws {
        guard radius >= 0, radius.isFinite else {
            throw BoundsError.invalidInputSet(why: "the radius \(radius) is not a non-negative number")
        }
        guard centres.isFinite else { throw BoundsError.invalidInputSet(why: "the samples contain NaN or infinity") }
        var lower = centres, upper = centres
        for j in 0..<centres.cols {
            for i in 0..<centres.rows {
                // Rounded outward: the exact x − ε and x + ε lie inside.
                lower[i, j] = (centres[i, j] - radius).nextDown
                upper[i, j] = (centres[i, j] + radius).nextUp
                if let clip {
                    lower[i, j] = Swift.max(lower[i, j], clip.lower)
                    upper[i, j] = Swift.min(upper[i, j], clip.upper)
                }
            }
        }
        if let clip, !(clip.lower <= clip.upper) {
            throw BoundsError.invalidInputSet(why: "the clip box [\(clip.lower), \(clip.upper)] is empty")
        }
        try self.init(lower: lower, upper: upper)
    }

    /// One box: the same interval per feature for each of `features` inputs (`--box lo,hi`).
    public init(box: InputBox) throws {
        try self.init(lower: Matrix(column: box.lower), upper: Matrix(column: box.upper))
    }

    /// Number of input features p.
    public var features: Int { boxes.rows }
    /// Number of boxes m (rows of the result).
    public var count: Int { boxes.count }
}
