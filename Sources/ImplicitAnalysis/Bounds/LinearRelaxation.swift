import ImplicitModel

/// Linear bounds on one activation over one pre-activation interval:
/// lowerSlope·z + lowerIntercept ≤ φ(z) ≤ upperSlope·z + upperIntercept for every z in [l, u].
///
/// Built only from the activation table's facts, never from a list of activations:
/// - two linear pieces meeting at 0 (`kinkSlopes`: ReLU, leaky ReLU, identity): exact on one side
///   of the kink; across it the chord on the convex side and, on the other, the line through the
///   kink with the adaptive slope of CROWN (the slope of the larger side: Zhang et al. 2018);
/// - any other continuous φ: slope s = the chord's, and the intercepts the largest and smallest
///   of φ(z) − s z over the interval, bounded by `gridPoints` evaluations plus the Lipschitz
///   remainder (half a cell times max(σ₊ − s, s − σ₋), σ± from `slopeRange`): for φ convex on
///   the interval this is the chord above and the parallel tangent below, for φ concave the
///   reverse, and it is sound whatever the curvature;
///   (when φ's range over the interval is narrower than that band, the constant bounds instead);
/// - a discontinuous φ, an unbounded or a single-point interval: the constant bounds of
///   `intervalImage`.
/// Every intercept is widened by the rounding of its own evaluation (`Activation.evaluationErrorBound`).
struct LinearRelaxation: Equatable {
    var lowerSlope: Double
    var lowerIntercept: Double
    var upperSlope: Double
    var upperIntercept: Double

    /// Evaluations per interval for the smooth activations: the remainder is 1/64 of the
    /// interval's width times the slope spread, small against the width IBP gives.
    static let gridPoints = 33
    /// Relative rounding allowance of a chord or intercept computed in a few operations.
    static let roundingAllowance = 8 * Double.ulpOfOne

    init(lowerSlope: Double, lowerIntercept: Double, upperSlope: Double, upperIntercept: Double) {
        self.lowerSlope = lowerSlope
        self.lowerIntercept = lowerIntercept
        self.upperSlope = upperSlope
        self.upperIntercept = upperIntercept
    }

    /// The constant bounds φ([l, u]).
    static func constant(_ phi: Activation, lower: Double, upper: Double) -> LinearRelaxation {
        let image = phi.intervalImage(lower: lower, upper: upper)
        return LinearRelaxation(lowerSlope: 0, lowerIntercept: image.lower, upperSlope: 0, upperIntercept: image.upper)
    }

    init(_ phi: Activation, lower l: Double, upper u: Double) {
        guard l.isFinite, u.isFinite, l < u, phi.isContinuous else {
            self = Self.constant(phi, lower: l, upper: u)
            return
        }
        if let kink = phi.kinkSlopes {
            self = Self.piecewiseLinear(below: kink.below, above: kink.above, lower: l, upper: u)
        } else {
            self = Self.sampled(phi, lower: l, upper: u)
        }
    }

    /// φ(z) = a z for z ≤ 0, b z for z > 0.
    static func piecewiseLinear(below a: Double, above b: Double, lower l: Double, upper u: Double) -> LinearRelaxation {
        if u <= 0 { return LinearRelaxation(lowerSlope: a, lowerIntercept: 0, upperSlope: a, upperIntercept: 0) }
        if l >= 0 { return LinearRelaxation(lowerSlope: b, lowerIntercept: 0, upperSlope: b, upperIntercept: 0) }
        let slope = (b * u - a * l) / (u - l)
        // The chord through (l, a l) and (u, b u); its intercept, widened for the rounding of
        // slope and intercept: checked at both ends, a line above there is above in between.
        let intercept = l * (a - slope)
        let slack = roundingAllowance * (Swift.abs(slope) * Swift.max(-l, u) + Swift.abs(intercept)) + Double.leastNormalMagnitude
        let adaptive = u >= -l ? b : a
        if b >= a {
            return LinearRelaxation(lowerSlope: adaptive, lowerIntercept: 0, upperSlope: slope, upperIntercept: intercept + slack)
        }
        return LinearRelaxation(lowerSlope: slope, lowerIntercept: intercept - slack, upperSlope: adaptive, upperIntercept: 0)
    }

    /// Slope of the chord, intercepts from a grid and the Lipschitz remainder.
    static func sampled(_ phi: Activation, lower l: Double, upper u: Double) -> LinearRelaxation {
        let fl = phi(l), fu = phi(u)
        var slope = (fu - fl) / (u - l)
        if !slope.isFinite { slope = 0 }
        var highest = -Double.infinity, lowest = Double.infinity
        for k in 0..<gridPoints {
            let z = k == gridPoints - 1 ? u : Swift.min(u, l + (u - l) * Double(k) / Double(gridPoints - 1))
            let value = phi(z), offset = value - slope * z
            // Our φ(z) is within evaluationErrorBound of the exact one; s·z and the difference round once each.
            let error = Swift.abs(value) * Activation.evaluationErrorBound + Double.leastNormalMagnitude
                + roundingAllowance * (Swift.abs(slope * z) + Swift.abs(offset))
            highest = Swift.max(highest, offset + error)
            lowest = Swift.min(lowest, offset - error)
        }
        let slopes = phi.slopeRange
        let spread = Swift.max(slopes.upperBound - slope, slope - slopes.lowerBound, 0)
        let remainder = spread * (u - l) / Double(gridPoints - 1) / 2 * (1 + roundingAllowance)
        let linear = LinearRelaxation(lowerSlope: slope, lowerIntercept: lowest - remainder,
                                      upperSlope: slope, upperIntercept: highest + remainder)
        // Both lines have slope s, so the band between them is (upper − lower intercept) wide at
        // every z; when φ's range over the interval is narrower, the constant bounds are tighter.
        let constant = Self.constant(phi, lower: l, upper: u)
        let bandWidth = linear.upperIntercept - linear.lowerIntercept
        return bandWidth < constant.upperIntercept - constant.lowerIntercept ? linear : constant
    }

    /// The two bounds at z, for tests: (lower line, upper line).
    func evaluate(_ z: Double) -> (lower: Double, upper: Double) {
        (lowerSlope * z + lowerIntercept, upperSlope * z + upperIntercept)
    }
}
