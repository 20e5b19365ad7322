import ImplicitModel

/// A weight matrix prepared for interval arithmetic: W x over a box of x, in two gemv calls.
///
/// For x in [l, h] elementwise, W x lies in [W⁺ l + W⁻ h, W⁺ h + W⁻ l] with W⁺ = max(W, 0) and
/// W⁻ = min(W, 0), and these bounds are attained, so they are the tightest per row. Infinite
/// bounds are handled exactly (a zero weight times an infinite bound contributes nothing, where
/// IEEE arithmetic would give NaN), and the result is widened by the rounding allowance
/// γ · |W| max(|l|, |h|) so that rounding in the bound itself can never make a live unit look dead.
struct IntervalMatrix {
    let positive: Matrix
    let negative: Matrix
    let magnitude: Matrix
    /// γ_m = m ε / (1 − m ε) for m = 2·cols + 4 terms: the classical bound on the relative error of
    /// the two accumulated dot products and the later additions (Higham, *Accuracy and
    /// Stability of Numerical Algorithms*, §3.1).
    let roundingFactor: Double

    init(_ w: Matrix) {
        positive = Matrix(rows: w.rows, cols: w.cols, columnMajor: w.storage.map { Swift.max($0, 0) })
        negative = Matrix(rows: w.rows, cols: w.cols, columnMajor: w.storage.map { Swift.min($0, 0) })
        magnitude = w.absoluteValues
        let terms = Double(2 * w.cols + 4) * Double.ulpOfOne
        roundingFactor = terms / (1 - terms)
    }

    var rows: Int { positive.rows }
    var cols: Int { positive.cols }

    /// Bounds of W x for x in [lower, upper] (lower ≤ upper, lower < ∞, upper > −∞).
    func bounds(lower: [Double], upper: [Double]) -> (lower: [Double], upper: [Double]) {
        precondition(lower.count == cols && upper.count == cols, "interval of \(lower.count) for \(rows)×\(cols)")
        let finiteLower = lower.map { $0.isFinite ? $0 : 0 }
        let finiteUpper = upper.map { $0.isFinite ? $0 : 0 }
        let p = positive, q = negative
        var lo = zip(p.apply(to: finiteLower), q.apply(to: finiteUpper)).map { $0 + $1 }
        var hi = zip(p.apply(to: finiteUpper), q.apply(to: finiteLower)).map { $0 + $1 }
        let scale = magnitude.apply(to: zip(finiteLower, finiteUpper).map { Swift.max(Swift.abs($0), Swift.abs($1)) })
        for i in 0..<rows {
            lo[i] -= roundingFactor * scale[i]
            hi[i] += roundingFactor * scale[i]
        }
        // Unbounded inputs: only the columns that have them, only their nonzero weights.
        for j in 0..<cols where !lower[j].isFinite || !upper[j].isFinite {
            for i in 0..<rows {
                let w = p[i, j] + q[i, j]
                if w == 0 { continue }
                if lower[j] == -.infinity { if w > 0 { lo[i] = -.infinity } else { hi[i] = .infinity } }
                if upper[j] == .infinity { if w > 0 { hi[i] = .infinity } else { lo[i] = -.infinity } }
            }
        }
        return (lo, hi)
    }
}
