import Foundation
import Testing
@testable import ImplicitAnalysis
import ImplicitModel
import ImplicitTestSupport

/// Interval bounds are sound: every state and pre-activation the model reaches for an input in the
/// box lies inside them, through feedforward blocks and cyclic components alike.
@Suite struct ReductionIntervalTests {
    /// A model u → h (feedforward) → cyclic component {z, w} → y, random weights, with the
    /// component scaled to ‖A_cc‖∞ = kappa.
    static func model(activation: Activation, kappa: Double, using rng: inout SeededGenerator) throws -> ImplicitModel {
        var model = ImplicitModel.Builder(input: Port(name: "u", size: 3), output: Port(name: "y", size: 2),
                                          states: [StateBlock(name: "h", size: 4, activation: .relu),
                                                   StateBlock(name: "z", size: 3, activation: activation),
                                                   StateBlock(name: "w", size: 2, activation: activation)])
        model.b[0, 0] = rng.matrix(4, 3)
        model.a[1, 0] = rng.matrix(3, 4, scale: 0.5)
        var cyclic = rng.matrix(5, 5)
        cyclic.scale(by: kappa / cyclic.normInf)
        let blocks = BlockSparseMatrix(dense: cyclic, rowBlockSizes: [3, 2], colBlockSizes: [3, 2])
        for (index, block) in blocks.sortedBlocks { model.a[index.row + 1, index.col + 1] = block }
        model.b[2, 0] = rng.matrix(2, 3)
        model.c[0, 1] = rng.matrix(2, 3)
        model.c[0, 2] = rng.matrix(2, 2)
        model.biasX = rng.vector(9, scale: 0.5)
        return try model.build()
    }

    @Test(arguments: [Activation.relu, .tanh, .sigmoid, .leakyReLU(alpha: 0.1), .identity])
    func boundsContainEveryReachedState(activation: Activation) throws {
        var rng = SeededGenerator(seed: 31)
        for trial in 0..<10 {
            let model = try Self.model(activation: activation, kappa: 0.9, using: &rng)
            let box = try InputBox(lower: [-1, 0, 0.5], upper: [1, 2, 0.5])
            let bounds = try IntervalBounds(model: model, box: box, options: IntervalBoundOptions())
            #expect(bounds.unconvergedComponents.isEmpty, "trial \(trial)")
            var inputs = rng.uniform(3, 400, lo: 0, hi: 1)
            for j in 0..<inputs.cols {
                inputs[0, j] = 2 * inputs[0, j] - 1; inputs[1, j] *= 2; inputs[2, j] = 0.5
            }
            // The box's corners too, where bounds are attained for the feedforward part.
            for j in 0..<4 { inputs[0, j] = j % 2 == 0 ? -1 : 1; inputs[1, j] = j < 2 ? 0 : 2 }
            let states = Matrix.verticallyStacked(try model.evaluate(inputs).states, cols: inputs.cols)
            for j in 0..<inputs.cols {
                for i in 0..<model.stateCount {
                    #expect(bounds.stateLower[i] <= states[i, j] && states[i, j] <= bounds.stateUpper[i],
                            "trial \(trial) state \(i) sample \(j)")
                }
            }
        }
    }

    @Test func nonContractiveComponentsGetValidPossiblyInfiniteBounds() throws {
        // x = relu(−2 x + u): well-posed, Picard cycles, κ∞ = 2; the ReLU range gives [0, ∞) to start.
        var parts = ImplicitModel.Builder(input: Port(name: "u", size: 2), output: Port(name: "y", size: 2),
                                          states: [StateBlock(name: "z", size: 2, activation: .relu)])
        parts.a[0, 0] = -2 * Matrix.identity(2)
        parts.b[0, 0] = .identity(2)
        parts.c[0, 0] = .identity(2)
        let model = try parts.build()
        let box = try InputBox(lo: -1, hi: 1, features: 2)
        let bounds = try IntervalBounds(model: model, box: box, options: IntervalBoundOptions())
        for i in 0..<2 {
            #expect(!bounds.stateLower[i].isNaN && !bounds.stateUpper[i].isNaN)
            #expect(bounds.stateLower[i] <= 0 && bounds.stateUpper[i] >= 1.0 / 3)
        }
        let result = try ExactReduction(options: .init(box: box)).apply(to: model)
        #expect(result.report.deadUnits.isEmpty)
        #expect(result.model == model)
    }

    @Test func intervalMatrixHandlesInfiniteBoundsWithoutNaN() {
        let w = IntervalMatrix(Matrix([[1, 0], [-2, 0], [0, 0]]))
        let (lo, hi) = w.bounds(lower: [-1, 0], upper: [1, .infinity])
        #expect(lo[0] <= -1 && hi[0] >= 1 && hi[0].isFinite)
        #expect(lo[2] == 0 && hi[2] == 0)
        let (lo2, hi2) = IntervalMatrix(Matrix([[1, -1]])).bounds(lower: [0, 0], upper: [.infinity, 2])
        #expect(lo2[0] <= -2 && lo2[0].isFinite && hi2[0] == .infinity)
    }
}
