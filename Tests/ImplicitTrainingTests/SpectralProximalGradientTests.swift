import Foundation
import Testing
@testable import ImplicitTraining

/// The contract the refinement builds on: `accepted` sees the point evaluated last.
@Suite struct SpectralProximalGradientTests {
    /// f(w) = Σ (w_k − c_k)⁴ (curved, so steps are halved and trial points rejected), g the
    /// indicator of the box [−1, 1]ᵏ. Every accepted point is the last one evaluated, F never
    /// rises, and the iterates approach the box's projection of c.
    @Test func acceptedStepIsTheLastPointEvaluated() throws {
        let c = [2.0, -0.5, 0.3, -3.0]
        var lastEvaluated: [Double] = []
        var evaluations = 0, accepted = 0
        var previous = Double.infinity
        func value(_ w: [Double]) -> Double { zip(w, c).reduce(0) { $0 + pow($1.0 - $1.1, 4) } }
        let solver = SpectralProximalGradient(maxSteps: 40)
        let point = try solver.minimize(
            from: [0, 0, 0, 0], initialStep: 4,
            evaluate: { w in
                evaluations += 1
                lastEvaluated = w
                return (value(w), { zip(w, c).map { 4 * pow($0 - $1, 3) } })
            },
            nonsmooth: { w in w.allSatisfy { abs($0) <= 1 } ? 0 : .infinity },
            proximal: { v, _ in v.map { min(1, max(-1, $0)) } },
            accepted: { step in
                accepted += 1
                #expect(step.point == lastEvaluated)
                #expect(step.value <= previous)
                previous = step.value
            })
        #expect(accepted > 0 && evaluations > accepted + 1, "no trial point was rejected (\(evaluations) evaluations, \(accepted) steps)")
        let target = c.map { min(1, max(-1, $0)) }
        #expect(zip(point, target).allSatisfy { abs($0 - $1) <= 0.05 }, "\(point)")
    }
}
