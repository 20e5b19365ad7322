import Foundation
import ImplicitModel

/// Finds, for one activation, an argument z whose slope φ'(z) is within a tolerance of a target
/// slope, preferring |z| near 1: the 1-D search behind the point z* of a slope-box witness.
///
/// |z| near 1 keeps z*, b* = F(z*) and the other solutions at the unit scale: a point very close
/// to a kink would put the other solutions of a piecewise-linear state as close to it (those
/// pieces are positively homogeneous), a point far out would make b* large.
///
/// The slopes are sampled once on a geometric grid ±10^e, e from `smallestExponent` to
/// `largestExponent` in steps of `exponentStep` (0 itself is left out: ReLU-like activations
/// have their kink there, and a point where φ is C¹ nearby is wanted). A target attained only in
/// a tail (tanh's 0, softsign's 0 at |z| ≈ 10⁴ for 10⁻⁸) is met by the farther grid points; a
/// target attained at an interior extremum of φ' (tanh's 1 at 0, GELU's minimum slope) by a
/// golden-section refinement of |φ'(z) − t| between the grid neighbours of the best point.
/// Only `derivative` is used, so every activation of the table is served alike.
struct SlopeLocator {
    static let smallestExponent = -3.0
    static let largestExponent = 8.0
    /// 10^0.01 ≈ 1.023: neighbouring grid points differ by 2.3 %.
    static let exponentStep = 0.01
    /// Golden-section steps: 0.618⁸⁰ ≈ 10⁻¹⁷ of the bracket.
    static let refinementSteps = 80
    /// Slack on the exponent comparisons, far above the rounding of e += step over 1100 steps.
    static let exponentSlack = 1e-9

    let activation: Activation
    /// Grid arguments, ordered by |z| (negative before positive at equal |z|), and their slopes.
    let arguments: [Double]
    let slopes: [Double]

    init(_ activation: Activation) {
        self.activation = activation
        var arguments: [Double] = []
        var e = SlopeLocator.smallestExponent
        while e <= SlopeLocator.largestExponent + SlopeLocator.exponentSlack {
            let r = pow(10, e)
            arguments.append(-r)
            arguments.append(r)
            e += SlopeLocator.exponentStep
        }
        self.arguments = arguments
        slopes = arguments.map { activation.derivative($0) }
    }

    /// The grid argument with |φ'(z) − target| ≤ tolerance whose |log |z|| is smallest; failing
    /// that, the refined best argument near the grid point closest in slope (which may still miss).
    func argument(withSlope target: Double, tolerance: Double) -> Double {
        var best = 0, bestGap = Double.infinity
        var chosen: Int?, chosenDistance = Double.infinity
        for k in arguments.indices {
            let gap = Swift.abs(slopes[k] - target)
            if gap <= tolerance {
                let distance = Swift.abs(log(Swift.abs(arguments[k])))
                if distance < chosenDistance { chosen = k; chosenDistance = distance }
            }
            if gap < bestGap { best = k; bestGap = gap }
        }
        if let chosen { return arguments[chosen] }
        return refined(around: best, target: target)
    }

    /// Golden section on |φ'(z) − target| over the bracket between the grid neighbours of
    /// `arguments[k]` on its side of 0 (through 0 for the innermost points).
    private func refined(around k: Int, target: Double) -> Double {
        let z = arguments[k]
        let step = pow(10, SlopeLocator.exponentStep)
        let inner = Swift.abs(z) <= pow(10, SlopeLocator.smallestExponent) * (1 + SlopeLocator.exponentSlack) ? -z : z / step
        var lo = Swift.min(inner, z * step), hi = Swift.max(inner, z * step)
        let ratio = (5.0.squareRoot() - 1) / 2
        func gap(_ x: Double) -> Double { Swift.abs(activation.derivative(x) - target) }
        var c = hi - ratio * (hi - lo), d = lo + ratio * (hi - lo)
        for _ in 0..<SlopeLocator.refinementSteps {
            if gap(c) < gap(d) { hi = d } else { lo = c }
            c = hi - ratio * (hi - lo)
            d = lo + ratio * (hi - lo)
        }
        let candidate = (lo + hi) / 2
        return gap(candidate) < gap(z) ? candidate : z
    }
}
