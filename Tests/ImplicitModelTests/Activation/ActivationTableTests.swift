import Foundation
import Testing
import ImplicitModel
import ImplicitTestSupport

/// The one activation table against independent computations: reference values computed to
/// 30 digits with mpmath, central finite differences for φ', dense sampling for the slope
/// interval, the value range, the minimum and the image of intervals.
@Suite struct ActivationTableTests {
    static let all: [Activation] = [
        .relu, .leakyReLU(alpha: 0.01), .leakyReLU(alpha: -0.5), .leakyReLU(alpha: 2.5), .tanh, .sigmoid, .identity,
        .gelu, .geluTanh, .silu, .swish(beta: 2), .swish(beta: 0.5), .hardSigmoid(alpha: 0.2, beta: 0.5),
        .hardSigmoid(alpha: 1.0 / 6, beta: 0.5), .hardSwish, .elu(alpha: 1), .elu(alpha: 2.5), .selu, .celu(alpha: 2),
        .softplus, .softsign, .clip(lower: 0, upper: 6), .clip(lower: -1, upper: 1), .clip(lower: 0, upper: .infinity),
        .thresholdedReLU(alpha: 1), .thresholdedReLU(alpha: -0.5), .mish,
    ]

    /// A grid dense enough that every extreme of φ' and φ is within 1e-6 of a grid point's value.
    static let grid: [Double] = stride(from: -12.0, through: 12.0, by: 0.0005).map { $0 }

    @Test func valuesMatchMpmathReferences() {
        // (activation, z, φ(z)) to 17 digits.
        let references: [(Activation, Double, Double)] = [
            (.gelu, -2.5, -0.015524163314440338), (.gelu, 0.7, 0.53062544344384885),
            (.geluTanh, -2.5, -0.015084266089998582), (.geluTanh, 0.7, 0.53057013470511671),
            (.silu, -2.5, -0.18964545005310888), (.silu, 0.7, 0.46773144051771624),
            (.swish(beta: 2), -2.5, -0.016732127310712139), (.swish(beta: 2), 0.7, 0.56152872199100718),
            (.mish, -2.5, -0.19681620390653334), (.mish, 0.7, 0.56114837764385186),
            (.softplus, -2.5, 0.078889734292549623), (.softplus, 0.7, 1.1031860488854579),
            (.selu, -2.5, -1.6137857588732426), (.selu, 0.7, 0.7354906911488363),
            (.celu(alpha: 2), -2.5, -1.4269904062796198), (.celu(alpha: 2), 0.7, 0.7),
            (.hardSwish, -2.5, -2.5 * (0.5 - 2.5 / 6)), (.hardSwish, 0.7, 0.7 * (0.5 + 0.7 / 6)),
            (.softsign, -2.5, -2.5 / 3.5), (.clip(lower: 0, upper: 6), 7, 6), (.thresholdedReLU(alpha: 1), 0.7, 0),
        ]
        for (activation, z, expected) in references {
            #expect(abs(activation(z) - expected) <= 4 * Double.ulpOfOne * max(1, abs(expected)), "\(activation) at \(z)")
        }
    }

    @Test func derivativeMatchesCentralDifferencesAwayFromKinks() {
        let h = 1e-6
        for activation in Self.all {
            for z in stride(from: -6.0, through: 6.0, by: 0.173) {
                let difference = (activation(z + h) - activation(z - h)) / (2 * h)
                // Kinks (where the two one-sided slopes differ) are skipped: the right-hand
                // value is documented there.
                let left = (activation(z) - activation(z - h)) / h, right = (activation(z + h) - activation(z)) / h
                guard abs(left - right) < 1e-4 else { continue }
                #expect(abs(activation.derivative(z) - difference) <= 1e-6, "\(activation) at \(z)")
            }
        }
    }

    @Test func slopeRangeHoldsEverySlopeAndIsTight() {
        for activation in Self.all {
            let range = activation.slopeRange
            // Points just left of the kinks at 0 and 3 meet one-sided slopes (ELU, SELU, Hardswish);
            // far points reach the slow tails (softsign's slope is 1/(1 + |z|)², CELU's e^{z/α}).
            let slopes = (Self.grid + [-1e6, -1e3, -100, 100, 1e3, 1e6, -1e-12, 3 - 1e-12]).map(activation.derivative)
            let low = slopes.min() ?? 0, high = slopes.max() ?? 0
            #expect(range.lowerBound <= low && high <= range.upperBound, "\(activation): \(low)…\(high) outside \(range)")
            // The ends are attained or approached (within the grid's resolution, or as |z| → ∞
            // for ELU-like and sigmoid-like tails that the grid reaches to 1e-5).
            #expect(low - range.lowerBound <= 1e-5 && range.upperBound - high <= 1e-5, "\(activation): \(range) not tight (\(low)…\(high))")
            #expect(activation.derivative(-1e6).isFinite && activation.derivative(1e6).isFinite, "\(activation) slope in the tails")
            if activation.isContinuous {
                #expect(activation.lipschitzConstant == max(abs(range.lowerBound), abs(range.upperBound)))
            } else {
                #expect(activation.lipschitzConstant == .infinity)
            }
            #expect(activation.isMonotone == zip(Self.grid, Self.grid.dropFirst()).allSatisfy { activation($0) <= activation($1) },
                    "\(activation) monotonicity")
        }
    }

    @Test func valueRangeAndMinimumHoldEverySampledValue() {
        for activation in Self.all {
            let range = activation.valueRange
            let values = Self.grid.map(activation.callAsFunction)
            #expect(values.allSatisfy { range.lower <= $0 && $0 <= range.upper }, "\(activation)")
            if let minimum = activation.minimum {
                let sampled = values.min() ?? 0
                #expect(minimum.value <= sampled && sampled - minimum.value <= 1e-6, "\(activation) minimum \(minimum) vs \(sampled)")
                #expect(abs(activation(minimum.argument) - minimum.value) <= 1e-12, "\(activation) minimiser")
            }
        }
    }

    @Test func intervalImageHoldsEverySampleAndIsTight() {
        var rng = SeededGenerator(seed: 41)
        for activation in Self.all {
            for _ in 0..<60 {
                let a = 4 * rng.normal(), b = a + abs(3 * rng.normal())
                let image = activation.intervalImage(lower: a, upper: b)
                let step = (b - a) / 2000
                let samples = (0...2000).map { activation(min(b, a + step * Double($0))) }
                let low = samples.min() ?? 0, high = samples.max() ?? 0
                #expect(image.lower <= low && high <= image.upper, "\(activation) over [\(a), \(b)]")
                // Smooth extremes are met to O(step²) by the grid; a kink or a jump (the
                // infimum α of thresholded ReLU with α < 0 is not attained) only to O(step).
                let lipschitz = activation.lipschitzConstant.isFinite ? activation.lipschitzConstant : 1
                let slack = activation.isTranscendental ? 1e-5 : step * max(1, lipschitz)
                #expect(low - image.lower <= slack && image.upper - high <= slack, "\(activation) over [\(a), \(b)] loose")
            }
            let whole = activation.intervalImage(lower: -.infinity, upper: .infinity)
            #expect(whole.lower == activation.valueRange.lower && whole.upper == activation.valueRange.upper, "\(activation) on ℝ")
        }
    }

    @Test func namesRoundTripAndBadNamesAreRefused() {
        for activation in Self.all {
            #expect(Activation(name: activation.name) == activation, "\(activation.name)")
        }
        #expect(Activation(name: "clip:0,6") == .clip(lower: 0, upper: 6))
        #expect(Activation(name: "swish") == .silu)
        #expect(Activation(name: "hardsigmoid") == .hardSigmoid(alpha: 0.2, beta: 0.5))
        for bad in ["clip", "clip:6,0", "clip:0", "swish:0", "swish:-1", "celu:0", "elu:inf", "leaky_relu:nan",
                    "gelu:1", "relu:", "mish:1,2", "hardsigmoid:0.2", "softmax", ""] {
            #expect(Activation(name: bad) == nil, "\(bad)")
        }
    }
}
