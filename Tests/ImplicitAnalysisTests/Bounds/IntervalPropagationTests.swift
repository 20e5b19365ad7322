import Foundation
import Testing
@testable import ImplicitAnalysis
import ImplicitModel
import ImplicitTestSupport
import Linalg

/// Interval bound propagation is sound (no reachable output leaves its bounds), exact where
/// intervals are exact (one affine layer), and refuses what it cannot bound.
@Suite struct IntervalPropagationTests {
    /// Random points per box in these debug tests; the interop test runs 10⁵.
    static let samplesPerBox = 300

    static func balls(_ model: ImplicitModel, rows: Int, eps: Double, using rng: inout SeededGenerator) throws -> InputSet {
        try InputSet(centres: rng.uniform(model.input.size, rows, lo: -1, hi: 1), radius: eps)
    }

    @Test(arguments: BoundsTestModels.activations)
    func feedforwardBoundsHoldEveryReachedOutput(activation: Activation) throws {
        var rng = SeededGenerator(seed: 101)
        let model = try BoundsTestModels.feedforward(activation, using: &rng)
        let inputs = try Self.balls(model, rows: 3, eps: 0.3, using: &rng)
        let bounds = try OutputBounds(model: model, method: .ibp).outputReport(inputs)
        let batch = IntervalBatch(lower: Matrix(bounds.lower).transposed(), upper: Matrix(bounds.upper).transposed())
        let failure = try SoundnessCheck(model: model).violation(bounds: batch, inputs: inputs, samples: Self.samplesPerBox, using: &rng)
        #expect(failure == nil, "\(activation): \(failure ?? "")")
    }

    @Test(arguments: BoundsTestModels.activations)
    func implicitBoundsHoldEveryReachedOutput(activation: Activation) throws {
        var rng = SeededGenerator(seed: 202)
        let model = try BoundsTestModels.implicit(activation, using: &rng)
        let inputs = try Self.balls(model, rows: 3, eps: 0.2, using: &rng)
        let propagation = IntervalPropagation(model: model)
        let states = try propagation.stateBounds(inputs)
        #expect(states.unconvergedComponents.isEmpty)
        let batch = try propagation.readoutBounds(AffineReadout(model: model), states: states, inputs: inputs)
        #expect(batch.isFinite)
        let failure = try SoundnessCheck(model: model).violation(bounds: batch, inputs: inputs, samples: Self.samplesPerBox, using: &rng)
        #expect(failure == nil, "\(activation): \(failure ?? "")")
    }

    @Test func oneAffineLayerIsBoundedExactly() throws {
        // y = D u + c: the bound is attained at a vertex, so IBP is the exact range.
        var rng = SeededGenerator(seed: 7)
        var parts = ImplicitModel.Builder(input: Port(name: "u", size: 4), output: Port(name: "y", size: 3), states: [])
        parts.d = rng.matrix(3, 4)
        parts.biasY = rng.vector(3)
        let model = try parts.build()
        let inputs = try InputSet(lower: Matrix(column: [-1, 0, 0.5, 2]), upper: Matrix(column: [1, 0, 1.5, 3]))
        let bounds = try IntervalPropagation(model: model).outputBounds(inputs)
        for i in 0..<3 {
            var lo = model.biasY[i], hi = model.biasY[i]
            for k in 0..<4 {
                let a = model.d[i, k] * inputs.boxes.lower[k, 0], b = model.d[i, k] * inputs.boxes.upper[k, 0]
                lo += Swift.min(a, b); hi += Swift.max(a, b)
            }
            #expect(bounds.lower[i, 0] <= lo && lo - bounds.lower[i, 0] <= 1e-13 * Swift.max(1, Swift.abs(lo)))
            #expect(bounds.upper[i, 0] >= hi && bounds.upper[i, 0] - hi <= 1e-13 * Swift.max(1, Swift.abs(hi)))
        }
    }

    @Test func batchedBoxesEqualOneBoxAtATime() throws {
        var rng = SeededGenerator(seed: 9)
        let model = try BoundsTestModels.implicit(.tanh, using: &rng)
        let inputs = try Self.balls(model, rows: 5, eps: 0.1, using: &rng)
        let all = try IntervalPropagation(model: model).outputBounds(inputs)
        for j in 0..<5 {
            let (lo, hi) = inputs.boxes.box(j)
            let one = try IntervalPropagation(model: model).outputBounds(try InputSet(lower: Matrix(column: lo), upper: Matrix(column: hi)))
            #expect(one.lower.column(0) == all.lower.column(j) && one.upper.column(0) == all.upper.column(j))
        }
    }

    @Test func nonContractiveComponentHasNoFiniteBound() throws {
        let model = try BoundsTestModels.rotation()
        let inputs = try InputSet(lower: Matrix([[-1], [-1]]), upper: Matrix([[1], [1]]))
        #expect(model.wellPosedness().verdict == .wellPosed)
        #expect {
            try OutputBounds(model: model, method: .ibp).outputReport(inputs)
        } throws: { error in
            guard let error = error as? BoundsError, case .noFiniteBound(let why) = error else { return false }
            return error.isMethodLimitation && why.contains("'z'")
        }
    }

    @Test func inputSetsRefuseBadBoxes() throws {
        #expect(throws: BoundsError.self) { try InputSet(lower: Matrix([[1]]), upper: Matrix([[0]])) }
        #expect(throws: BoundsError.self) { try InputSet(lower: Matrix([[.nan]]), upper: Matrix([[0]])) }
        #expect(throws: BoundsError.self) { try InputSet(centres: Matrix([[0]]), radius: -1) }
        #expect(throws: BoundsError.self) { try InputSet(centres: Matrix([[0]]), radius: .infinity) }
        #expect(throws: BoundsError.self) { try InputSet(centres: Matrix([[5]]), radius: 0.1, clip: (0, 1)) }
        let clipped = try InputSet(centres: Matrix([[0.95, 0.02]]), radius: 0.1, clip: (0, 1))
        #expect(clipped.boxes.lower[0, 0] < 0.85 + 1e-15 && clipped.boxes.upper[0, 0] == 1)
        #expect(clipped.boxes.lower[0, 1] == 0 && clipped.boxes.upper[0, 1] > 0.12 - 1e-15)
        var rng = SeededGenerator(seed: 1)
        let model = try BoundsTestModels.feedforward(.relu, using: &rng)
        #expect(throws: BoundsError.self) {
            try IntervalPropagation(model: model).outputBounds(try InputSet(lower: Matrix([[0]]), upper: Matrix([[1]])))
        }
    }
}
