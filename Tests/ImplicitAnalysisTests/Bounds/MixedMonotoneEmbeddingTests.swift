import Foundation
import Testing
@testable import ImplicitAnalysis
import ImplicitModel
import ImplicitTestSupport
import Linalg

/// The embedding bounds cyclic components soundly, also where the interval iteration cannot,
/// and refuses a component whose embedded system is not a contraction.
@Suite struct MixedMonotoneEmbeddingTests {
    @Test(arguments: [Activation.relu, .tanh, .sigmoid, .leakyReLU(alpha: 0.1), .softplus, .elu(alpha: 1)])
    func embeddingIsSoundAndInsideIBP(activation: Activation) throws {
        var rng = SeededGenerator(seed: 606)
        let model = try BoundsTestModels.implicit(activation, kappa: 0.8, using: &rng)
        let inputs = try InputSet(centres: rng.uniform(3, 3, lo: -1, hi: 1), radius: 0.2)
        let embedding = try OutputBounds(model: model, method: .embedding)
        #expect(embedding.appliedMethods == [.ibp, .embedding])
        let report = try embedding.outputReport(inputs)
        let ibp = try OutputBounds(model: model, method: .ibp).outputReport(inputs)
        #expect(report.meanWidth <= ibp.meanWidth * (1 + 1e-12))
        let batch = IntervalBatch(lower: Matrix(report.lower).transposed(), upper: Matrix(report.upper).transposed())
        let failure = try SoundnessCheck(model: model).violation(bounds: batch, inputs: inputs, samples: 300, using: &rng)
        #expect(failure == nil, "\(activation): \(failure ?? "")")
    }

    /// x = relu(A x + B u), A with a strongly negative diagonal: ‖A‖∞ > 1 so the interval
    /// iteration stays at [0, ∞), but a_ii + Σ_{j≠i} |a_ij| < 0 makes the embedding contract.
    static func negativeDiagonal() throws -> ImplicitModel {
        var model = ImplicitModel.Builder(input: Port(name: "u", size: 2), output: Port(name: "y", size: 1),
                                          states: [StateBlock(name: "z", size: 3, activation: .relu)])
        model.a[0, 0] = Matrix([[-2, 0.5, 0.3], [0.2, -1.5, 0.4], [0.1, 0.3, -1.8]])
        model.b[0, 0] = Matrix([[1, -0.5], [0.5, 1], [-1, 0.25]])
        model.c[0, 0] = Matrix([[1, 0.5, -0.5]])
        model.biasX = [0.2, -0.1, 0.3]
        return try model.build()
    }

    @Test func embeddingBoundsWhatTheIntervalIterationCannot() throws {
        let model = try Self.negativeDiagonal()
        var rng = SeededGenerator(seed: 7)
        let inputs = try InputSet(lower: Matrix([[-1], [-1]]), upper: Matrix([[1], [1]]))
        #expect(throws: BoundsError.self) { try OutputBounds(model: model, method: .ibp).outputReport(inputs) }
        let report = try OutputBounds(model: model, method: .auto).outputReport(inputs)
        let batch = IntervalBatch(lower: Matrix(report.lower).transposed(), upper: Matrix(report.upper).transposed())
        let failure = try SoundnessCheck(model: model).violation(bounds: batch, inputs: inputs, samples: 2000, using: &rng)
        #expect(failure == nil, "\(failure ?? "")")
    }

    @Test func nonContractiveEmbeddingIsRefusedWithItsMeasure() throws {
        let model = try BoundsTestModels.rotation()
        let inputs = try InputSet(lower: Matrix([[-1], [-1]]), upper: Matrix([[1], [1]]))
        #expect {
            try OutputBounds(model: model, method: .embedding).outputReport(inputs)
        } throws: { error in
            guard let error = error as? BoundsError, case .noFiniteBound(let why) = error else { return false }
            return why.contains("embedded system of component {z} is not contractive") && why.contains("2.5")
        }
    }

    @Test func perronWeightsRescueABadlyScaledComponent() throws {
        // Unweighted μ∞ = 0.2 + 3 > 1 in row 0; the Perron root of [[0.2, 3], [0.01, 0.2]] is
        // 0.2 + √0.03 ≈ 0.37, so the Perron-weighted μ∞ is below 1.
        let a = Matrix([[0.2, 3], [0.01, 0.2]])
        let embedding = try MixedMonotoneEmbedding(a: a, activations: [.relu, .relu])
        #expect(embedding.contraction < 1)
        #expect(embedding.weights[1] < embedding.weights[0])
        let enclosure = embedding.enclosure(lower: [-1, -1], upper: [1, 1])
        // Brute force: every c in the box, x = relu(A x + c) solved by Picard on this contraction.
        var rng = SeededGenerator(seed: 8)
        for _ in 0..<500 {
            let c = [Double.random(in: -1...1, using: &rng), Double.random(in: -1...1, using: &rng)]
            var x = [0.0, 0.0]
            for _ in 0..<2000 { x = [Swift.max(0, 0.2 * x[0] + 3 * x[1] + c[0]), Swift.max(0, 0.01 * x[0] + 0.2 * x[1] + c[1])] }
            for i in 0..<2 { #expect(enclosure.lower[i] <= x[i] + 1e-12 && x[i] <= enclosure.upper[i] + 1e-12) }
        }
    }
}
