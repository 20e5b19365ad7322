import Testing
import Linalg
import ImplicitModel
import ImplicitTestSupport

/// Parallel composition: one input, the two outputs stacked.
@Suite struct ParallelTests {
    /// Property: parallel(f, g).predict(u) = [f.predict(u); g.predict(u)] to 1e-12.
    @Test func predictionStacksBothOutputs() throws {
        var generator = SeededGenerator(seed: 77)
        var options = SolverOptions()
        options.tolerance = 1e-14
        for trial in 0..<8 {
            let p = generator.int(1...4), q1 = generator.int(1...3), q2 = generator.int(1...3)
            let head: OutputHead = trial % 2 == 0 ? .none : .sigmoid
            let first = try RandomModel.twoBlockCycle(inputs: p, outputs: q1, using: &generator).withHead(head)
            let second = try ImplicitModel(assembling: RandomNetwork.make(layers: 3, input: p, output: q2, dag: true, head: head, using: &generator))
            let both = try ImplicitModel.parallel(first, second)
            #expect(both.output.size == q1 + q2 && both.head == head)
            let u = generator.matrix(p, 6)
            let expected = Matrix.verticallyStacked([try first.predict(u, options: options), try second.predict(u, options: options)], cols: 6)
            let actual = try both.predict(u, options: options)
            #expect(CascadeTests.maxDifference(expected, actual) <= 1e-12, "trial \(trial)")
        }
    }

    /// The parallel model builds without rescanning its parts' weights (`build(knownFinite: .all)`):
    /// it passes the full check of `build()`, also with weights near the largest double, where a
    /// sum or product would overflow.
    @Test func parallelOfValidModelsPassesTheFullCheck() throws {
        var generator = SeededGenerator(seed: 79)
        for scale in [1.0, 1e307] {
            let cyclic = try RandomModel.twoBlockCycle(inputs: 3, outputs: 2, using: &generator)
            var parts = ImplicitModel.Builder(cyclic)
            for (index, block) in cyclic.a.blocks { parts.a[index.row, index.col] = scale * block }
            for (index, block) in cyclic.c.blocks { parts.c[index.row, index.col] = scale * block }
            parts.biasY = cyclic.biasY.map { scale * $0 }
            let first = try parts.build()
            let second = try ImplicitModel(assembling: RandomNetwork.make(layers: 3, input: 3, output: 1, dag: true, using: &generator))
            let both = try ImplicitModel.parallel(first, second)
            #expect(try ImplicitModel.Builder(both).build() == both)
            #expect(both.a.storedCount == first.a.storedCount + second.a.storedCount)
        }
    }

    @Test func refusesMismatchedInputsAndHeads() throws {
        var generator = SeededGenerator(seed: 78)
        let a = try RandomModel.twoBlockCycle(inputs: 2, outputs: 2, using: &generator)
        let b = try RandomModel.twoBlockCycle(inputs: 3, outputs: 2, using: &generator)
        #expect(throws: CompositionError.inputMismatch(firstInput: 2, secondInput: 3)) { try ImplicitModel.parallel(a, b) }
        let softmax = a.withHead(.softmax)
        #expect(throws: CompositionError.incompatibleHeads(first: .softmax, second: .softmax)) {
            try ImplicitModel.parallel(softmax, softmax)
        }
        let sigmoid = a.withHead(.sigmoid)
        #expect(throws: CompositionError.incompatibleHeads(first: .sigmoid, second: .none)) {
            try ImplicitModel.parallel(sigmoid, a)
        }
        let same = try ImplicitModel.parallel(a, a)
        #expect(same.states.map(\.name) == ["first.h0", "first.w", "second.h0", "second.w"])
    }
}
