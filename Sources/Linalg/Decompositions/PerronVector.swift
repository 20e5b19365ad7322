/// The Perron root and vector of a nonnegative square matrix by power iteration.
///
/// For M ≥ 0 (elementwise), ρ(M) is an eigenvalue with a nonnegative eigenvector
/// (Perron–Frobenius). Iterating v ← (M + εI) v / ‖·‖ converges to it; the shift ε keeps the
/// iteration from oscillating on periodic (cyclic) matrices without changing the vector. The
/// Collatz–Wielandt bounds min_i (Mv)_i / v_i ≤ ρ(M) ≤ max_i (Mv)_i / v_i, valid for any v > 0,
/// bracket ρ rigorously at every step, so the answer is checkable whatever the iteration count.
public struct PerronVector: Sendable {
    /// The final positive vector v (normalized so that max v = 1).
    public let vector: [Double]
    /// min_i (Mv)_i / v_i: a lower bound on ρ(M).
    public let lowerBound: Double
    /// max_i (Mv)_i / v_i: an upper bound on ρ(M).
    public let upperBound: Double
    public let iterations: Int

    /// Shift added to the diagonal during iteration (removed from the bounds).
    public static let defaultShift = 0.5
    /// Stop when the Collatz–Wielandt bracket is this tight relative to the upper bound.
    public static let defaultRelativeGap = 1e-10

    /// - Parameters:
    ///   - m: a square matrix with nonnegative entries.
    ///   - maxIterations: iteration cap; the bounds are valid whenever it stops.
    ///   - stopBelow: stop early once the upper bound falls below this (a certificate found).
    ///   - stopAbove: stop early once the lower bound reaches this (a witness found).
    public init(of m: Matrix, maxIterations: Int = 2000,
                relativeGap: Double = PerronVector.defaultRelativeGap,
                stopBelow: Double = -.infinity, stopAbove: Double = .infinity) {
        precondition(m.isSquare, "Perron vector of a non-square matrix")
        // Applied up to maxIterations times: copied column-major once, not at every product.
        let m = m.inLayout(.columnMajor)
        let n = m.rows
        var v = [Double](repeating: 1, count: n)
        var lower = 0.0, upper = 0.0, iteration = 0
        let shift = PerronVector.defaultShift
        guard n > 0 else { vector = []; lowerBound = 0; upperBound = 0; iterations = 0; return }
        // Entries of v are kept above a floor so that the ratios stay defined; a positive v is
        // what the certificate needs anyway.
        let floor = 1e-300
        while true {
            let mv = m.apply(to: v)
            lower = .infinity; upper = 0
            for i in 0..<n {
                let ratio = mv[i] / v[i]
                lower = Swift.min(lower, ratio); upper = Swift.max(upper, ratio)
            }
            iteration += 1
            if iteration >= maxIterations || upper < stopBelow || lower >= stopAbove
                || upper - lower <= relativeGap * Swift.max(upper, 1e-300) { break }
            var next = (0..<n).map { mv[$0] + shift * v[$0] }
            let top = next.max() ?? 1
            if top <= 0 { break }
            for i in 0..<n { next[i] = Swift.max(next[i] / top, floor) }
            v = next
        }
        vector = v
        lowerBound = lower
        upperBound = upper
        iterations = iteration
    }
}
