import ImplicitModel

/// A weight matrix prepared for interval arithmetic: W x over boxes of x, one gemm pair per batch.
///
/// For x in [l, h] elementwise, write x = c + δ with centre c = (l + h)/2 and radius r = (h − l)/2,
/// |δ| ≤ r. Then W x lies in [W c − |W| r, W c + |W| r], and these bounds are attained, so they are
/// the tightest per row (they equal W⁺l + W⁻h and W⁺h + W⁻l). Each column of the batch is one box.
///
/// Soundness in floating point: r is rounded up by (1 + 2ε) so that [c − r, c + r] ⊇ [l, h]
/// exactly; the two products are each off by at most γ_k |W| |c| and γ_k |W| r (Higham,
/// *Accuracy and Stability of Numerical Algorithms*, §3.1), and |W| |c| ≤ ‖W_i‖₁ ‖c‖∞, so the
/// result is widened by γ (‖W_i‖₁ ‖c‖∞ + |W| r + |W c|) plus k times the smallest normal for
/// underflow. Infinite bounds are handled exactly (a zero weight times an infinite bound
/// contributes nothing, where IEEE arithmetic would give NaN).
struct IntervalMatrix {
    let weights: Matrix
    let magnitude: Matrix
    /// ‖W_i‖₁, the row sums of |W|.
    let rowAbsoluteSums: [Double]
    /// γ_m = m ε / (1 − m ε) for m = 2·cols + 6 terms: the two accumulated dot products, the final
    /// subtraction and the widening itself.
    let roundingFactor: Double
    /// Absolute allowance for underflow in the k products of a dot product (a zero row has none:
    /// its products are exact zeros).
    let underflowAllowance: Double

    init(_ w: Matrix) {
        weights = w
        magnitude = w.absoluteValues
        rowAbsoluteSums = magnitude.apply(to: [Double](repeating: 1, count: w.cols))
        let terms = Double(2 * w.cols + 6) * Double.ulpOfOne
        roundingFactor = terms / (1 - terms)
        underflowAllowance = Double(w.cols + 1) * Double.leastNormalMagnitude
    }

    var rows: Int { weights.rows }
    var cols: Int { weights.cols }

    /// Bounds of W x for x in [lower, upper] (lower ≤ upper, lower < ∞, upper > −∞).
    func bounds(lower: [Double], upper: [Double]) -> (lower: [Double], upper: [Double]) {
        let result = bounds(IntervalBatch(lower: Matrix(column: lower), upper: Matrix(column: upper)))
        return (result.lower.column(0), result.upper.column(0))
    }

    /// Bounds of W x for every column box of `box` (cols × m): a rows × m batch.
    func bounds(_ box: IntervalBatch) -> IntervalBatch {
        precondition(box.rows == cols, "interval of \(box.rows) for \(rows)×\(cols)")
        let m = box.count
        // Centre and radius entry by entry, both ends read in column-major order.
        let widenRadius = 1 + 2 * Double.ulpOfOne
        let lowerEnds = box.lower.columnMajorElements, upperEnds = box.upper.columnMajorElements
        var centreValues = lowerEnds, radiusValues = upperEnds
        var anyUnbounded = false
        for e in centreValues.indices {
            let lo = lowerEnds[e], hi = upperEnds[e]
            let c = 0.5 * lo + 0.5 * hi
            let r = Swift.max(hi - c, c - lo) * widenRadius
            if c.isFinite && r.isFinite {
                centreValues[e] = c
                radiusValues[e] = r
            } else {
                centreValues[e] = 0
                radiusValues[e] = 0
                anyUnbounded = true
            }
        }
        let centre = Matrix(rows: cols, cols: m, columnMajor: centreValues)
        let radius = Matrix(rows: cols, cols: m, columnMajor: radiusValues)
        let centreNorms = (0..<m).map { centre.column($0).reduce(0) { Swift.max($0, Swift.abs($1)) } }
        let mid = Matrix.product(weights, centre)
        let spread = Matrix.product(magnitude, radius)
        // γ (‖W_i‖₁ ‖c_j‖∞ + (|W| r)_ij + |W c|_ij): the first term is a rank-one product.
        var slack = Matrix.product(Matrix(column: rowAbsoluteSums), Matrix(rows: 1, cols: m, columnMajor: centreNorms))
        slack.add(spread)
        let centres = mid.columnMajorElements, radii = spread.columnMajorElements, slacks = slack.columnMajorElements
        var lowerValues = centres, upperValues = centres
        for e in lowerValues.indices {
            let c = centres[e], r = radii[e]
            let allowance = slacks[e] == 0 && c == 0 ? 0 : roundingFactor * (slacks[e] + Swift.abs(c)) + underflowAllowance
            let lo = c - r - allowance, hi = c + r + allowance
            lowerValues[e] = lo.isNaN ? -.infinity : lo
            upperValues[e] = hi.isNaN ? .infinity : hi
        }
        var lower = Matrix(rows: rows, cols: m, columnMajor: lowerValues)
        var upper = Matrix(rows: rows, cols: m, columnMajor: upperValues)
        var unbounded: [(row: Int, col: Int)] = []
        if anyUnbounded {
            for j in 0..<m {
                for k in 0..<cols {
                    let lo = box.lower[k, j], hi = box.upper[k, j], c = 0.5 * lo + 0.5 * hi
                    if !(c.isFinite && Swift.max(hi - c, c - lo).isFinite) { unbounded.append((k, j)) }
                }
            }
        }
        // Unbounded inputs: only the entries that have them, only their nonzero weights. Each
        // contributes its own interval w·[l, h]; an infinite end makes the row's end infinite.
        for (k, j) in unbounded {
            let lo = box.lower[k, j], hi = box.upper[k, j]
            for i in 0..<rows {
                let w = weights[i, k]
                if w == 0 { continue }
                let ends = w > 0 ? (w * lo, w * hi) : (w * hi, w * lo)
                lower[i, j] = ends.0.isFinite ? lower[i, j] + ends.0 - Swift.abs(ends.0) * roundingFactor - underflowAllowance : -.infinity
                upper[i, j] = ends.1.isFinite ? upper[i, j] + ends.1 + Swift.abs(ends.1) * roundingFactor + underflowAllowance : .infinity
            }
        }
        return IntervalBatch(lower: lower, upper: upper)
    }
}
