import Foundation
import Testing
@testable import ImplicitAnalysis
import ImplicitModel
import ImplicitTestSupport
import Linalg

/// Linear relaxations hold on their interval, CROWN bounds are sound and never looser than IBP.
@Suite struct LinearRelaxationTests {
    static let intervals: [(Double, Double)] = [(-3, 2), (-0.2, 0.1), (0.5, 4), (-6, -1), (-1e-3, 2e-3), (-10, 10), (1, 1)]

    @Test(arguments: BoundsTestModels.activations + [.thresholdedReLU(alpha: 0.5), .selu, .celu(alpha: 0.7), .geluTanh, .leakyReLU(alpha: 2)])
    func relaxationsEncloseTheActivation(activation: Activation) {
        for (l, u) in Self.intervals {
            let relaxation = LinearRelaxation(activation, lower: l, upper: u)
            for k in 0...2000 {
                let z = k == 2000 ? u : l + (u - l) * Double(k) / 2000
                let line = relaxation.evaluate(z), value = activation(z)
                let slack = 4 * Activation.evaluationErrorBound * Swift.max(1, Swift.abs(value))
                #expect(line.lower <= value + slack && value - slack <= line.upper,
                        "\(activation) on [\(l), \(u)] at \(z): \(line.lower) ≤ \(value) ≤ \(line.upper)")
                if !(line.lower <= value + slack && value - slack <= line.upper) { return }
            }
        }
    }

    @Test func reluUsesTheChordAndTheAdaptiveSlope() {
        let wide = LinearRelaxation(.relu, lower: -1, upper: 3)
        #expect(abs(wide.upperSlope - 0.75) < 1e-15 && abs(wide.upperIntercept - 0.75) < 1e-12)
        #expect(wide.lowerSlope == 1 && wide.lowerIntercept == 0)
        let narrow = LinearRelaxation(.relu, lower: -3, upper: 1)
        #expect(narrow.lowerSlope == 0)
        #expect(LinearRelaxation(.relu, lower: -3, upper: -1) == LinearRelaxation(lowerSlope: 0, lowerIntercept: 0, upperSlope: 0, upperIntercept: 0))
    }

    @Test(arguments: BoundsTestModels.activations)
    func crownIsSoundAndInsideIBP(activation: Activation) throws {
        var rng = SeededGenerator(seed: 303)
        let model = try BoundsTestModels.feedforward(activation, using: &rng)
        let inputs = try InputSet(centres: rng.uniform(3, 3, lo: -1, hi: 1), radius: 0.3)
        let ibp = try IntervalPropagation(model: model).outputBounds(inputs)
        let crown = try OutputBounds(model: model, method: .crown)
        let states = try crown.stateBounds(inputs)
        let result = try crown.bounds(of: AffineReadout(model: model), states: states, inputs: inputs)
        // Inside IBP up to IBP's own rounding allowance, which depends on the intervals' centres
        // and so may move by an ulp when the refined state intervals shift.
        for j in 0..<inputs.count {
            for i in 0..<2 {
                let scale = 1e-13 * Swift.max(1, Swift.abs(ibp.lower[i, j]), Swift.abs(ibp.upper[i, j]))
                #expect(result.lower[i, j] >= ibp.lower[i, j] - scale && result.upper[i, j] <= ibp.upper[i, j] + scale,
                        "\(result.lower[i, j] - ibp.lower[i, j]), \(ibp.upper[i, j] - result.upper[i, j])")
            }
        }
        let failure = try SoundnessCheck(model: model).violation(bounds: result, inputs: inputs, samples: 300, using: &rng)
        #expect(failure == nil, "\(activation): \(failure ?? "")")
        // The relaxation alone, before intersecting, is sound too.
        let relaxation = try LinearRelaxationBounds(model: model).readoutBounds(AffineReadout(model: model), states: states, inputs: inputs)
        let alone = try SoundnessCheck(model: model).violation(bounds: relaxation, inputs: inputs, samples: 300, using: &rng)
        #expect(alone == nil, "\(activation) without IBP: \(alone ?? "")")
    }

    @Test func crownIsTighterThanIBPOnADeepReLUChain() throws {
        var rng = SeededGenerator(seed: 404)
        var parts = ImplicitModel.Builder(input: Port(name: "u", size: 4), output: Port(name: "y", size: 3),
                                          states: (0..<4).map { StateBlock(name: "h\($0)", size: 12, activation: .relu) })
        parts.b[0, 0] = rng.matrix(12, 4)
        for k in 1..<4 { parts.a[k, k - 1] = rng.matrix(12, 12, scale: 0.3) }
        parts.c[0, 3] = rng.matrix(3, 12)
        parts.biasX = rng.vector(48, scale: 0.1)
        let model = try parts.build()
        let inputs = try InputSet(centres: rng.uniform(4, 4, lo: -1, hi: 1), radius: 0.1)
        let ibp = try OutputBounds(model: model, method: .ibp).outputReport(inputs)
        let crown = try OutputBounds(model: model, method: .crown).outputReport(inputs)
        #expect(crown.meanWidth < 0.8 * ibp.meanWidth, "crown \(crown.meanWidth) vs ibp \(ibp.meanWidth)")
    }

    @Test func crownRefusesCyclicModels() throws {
        var rng = SeededGenerator(seed: 5)
        let model = try BoundsTestModels.implicit(.relu, using: &rng)
        #expect { try OutputBounds(model: model, method: .crown) } throws: { error in
            (error as? BoundsError)?.isMethodLimitation == true
        }
        #expect(try OutputBounds(model: model, method: .auto).appliedMethods == [.ibp, .embedding])
    }
}
