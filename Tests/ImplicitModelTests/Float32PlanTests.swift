import ImplicitTestSupport
import Testing
@testable import ImplicitModel

/// The float32 plan computes what the float64 evaluation computes, to float32 rounding, and
/// refuses models with cyclic components.
@Suite struct Float32PlanTests {
    @Test func randomNetworksMatchTheFloat64Evaluation() throws {
        var rng = SeededGenerator(seed: 32)
        for trial in 0..<12 {
            let network = RandomNetwork.make(layers: 2 + trial % 5, input: 4, output: 3, dag: trial % 2 == 0,
                                             head: trial % 3 == 0 ? .softmax : .none, using: &rng)
            let model = try ImplicitModel(assembling: network)
            let plan = try #require(Float32Plan(model))
            let inputs = rng.matrix(4, 9)
            for applyHead in [false, true] {
                let exact = try model.predict(inputs, applyHead: applyHead)
                let fast = try plan.predict(inputs, applyHead: applyHead)
                #expect(fast.rows == exact.rows && fast.cols == exact.cols)
                // float32 products of O(1) values over a handful of terms: a few ulps of 2^-24.
                for k in exact.columnMajorElements.indices {
                    #expect(abs(fast.columnMajorElements[k] - exact.columnMajorElements[k]) <= 1e-5 * max(1, abs(exact.columnMajorElements[k])))
                }
            }
        }
    }

    @Test func aLongChainReusesTwoBuffers() throws {
        var rng = SeededGenerator(seed: 33)
        let network = RandomNetwork.make(layers: 9, input: 3, output: 2, dag: false, using: &rng)
        let plan = try #require(Float32Plan(try ImplicitModel(assembling: network)))
        #expect(plan.slotRows.count == 2)
    }

    @Test func cyclicModelsHaveNoPlan() throws {
        var parts = ImplicitModel.Builder(input: Port(name: "u", size: 2), output: Port(name: "y", size: 2),
                                          states: [StateBlock(name: "z", size: 2, activation: .relu)])
        parts.a[0, 0] = Matrix([[0, 0.5], [0.5, 0]])
        parts.b[0, 0] = .identity(2)
        parts.c[0, 0] = .identity(2)
        let model = try parts.build()
        #expect(Float32Plan(model) == nil)
    }

    @Test func wrongWidthAndNonFiniteInputsAreRefused() throws {
        var rng = SeededGenerator(seed: 34)
        let plan = try #require(Float32Plan(try ImplicitModel(assembling: RandomNetwork.make(layers: 2, input: 3, output: 2, dag: false, using: &rng))))
        #expect(throws: EvaluationError.inputShape(expected: 3, found: 2)) { try plan.predict(Matrix(rows: 2, cols: 1)) }
        var bad = Matrix(rows: 3, cols: 2)
        bad[1, 1] = .nan
        #expect(throws: EvaluationError.nonFiniteInput(sample: 1, feature: 1)) { try plan.predict(bad) }
    }
}
