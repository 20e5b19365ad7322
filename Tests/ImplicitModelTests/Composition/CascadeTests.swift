import Testing
import Linalg
import ImplicitModel
import ImplicitTestSupport

/// The cascade must predict exactly what running SECOND on FIRST's raw outputs predicts.
@Suite struct CascadeTests {
    static func maxDifference(_ x: Matrix, _ y: Matrix) -> Double {
        zip(x.columnMajorElements, y.columnMajorElements).map { abs($0 - $1) }.max() ?? 0
    }

    /// Property: cascade(f, g).predict(u) = g.predict(f.predict(u, raw)) to 1e-12, for random
    /// assembled networks and cyclic models in both positions (the cyclic ones solved by the active
    /// set and Newton methods, exact to rounding).
    @Test func predictionEqualsSequentialPrediction() throws {
        var generator = SeededGenerator(seed: 42)
        var options = SolverOptions()
        options.tolerance = 1e-14
        var compared = 0
        for trial in 0..<12 {
            let p = generator.int(1...4), q1 = generator.int(1...4), q2 = generator.int(1...3)
            let first: ImplicitModel = trial % 3 == 2
                ? try RandomModel.twoBlockCycle(inputs: p, outputs: q1, using: &generator)
                : try ImplicitModel(assembling: RandomNetwork.make(layers: generator.int(1...4), input: p, output: q1, dag: true, using: &generator))
            let second: ImplicitModel = trial % 3 == 1
                ? try RandomModel.twoBlockCycle(inputs: q1, outputs: q2, using: &generator)
                : try ImplicitModel(assembling: RandomNetwork.make(layers: generator.int(1...4), input: q1, output: q2, dag: true,
                                                                   head: trial % 4 == 0 ? .softmax : .none, using: &generator))
            let cascade = try ImplicitModel.cascade(first, second)
            #expect(cascade.stateCount == first.stateCount + second.stateCount)
            #expect(cascade.head == second.head && cascade.input == first.input && cascade.output == second.output)
            let u = generator.matrix(p, 9)
            let expected = try second.predict(try first.predict(u, applyHead: false, options: options), options: options)
            let actual = try cascade.predict(u, options: options)
            #expect(Self.maxDifference(expected, actual) <= 1e-12, "trial \(trial)")
            compared += 1
        }
        #expect(compared == 12)
    }

    /// A is block lower triangular with both parts' blocks on the diagonal, and B₂C₁ is stored
    /// only where B₂ and C₁ have blocks.
    @Test func keepsTheBlockStructure() throws {
        var generator = SeededGenerator(seed: 43)
        let first = try ImplicitModel(assembling: RandomNetwork.make(layers: 3, input: 3, output: 2, dag: true, using: &generator))
        let second = try RandomModel.twoBlockCycle(inputs: 2, outputs: 1, using: &generator)
        let cascade = try ImplicitModel.cascade(first, second)
        let shift = first.states.count
        #expect(cascade.states.count == shift + 2)
        for (index, block) in first.a.blocks { #expect(cascade.a[index.row, index.col] == block) }
        for (index, block) in second.a.blocks { #expect(cascade.a[shift + index.row, shift + index.col] == block) }
        let coupling = cascade.a.blocks.keys.filter { $0.row >= shift && $0.col < shift }
        #expect(Set(coupling.map(\.col)) == Set(first.c.blocks.keys.map(\.col)))
        #expect(!cascade.a.blocks.keys.contains { $0.row < shift && $0.col >= shift })
        // `h0` is used by both parts.
        #expect(cascade.states.map(\.name).contains("first.h0") && cascade.states.map(\.name).contains("second.h0"))
        #expect(Set(cascade.states.map(\.name)).count == cascade.states.count)
    }

    @Test func refusesWhatCannotBeRepresented() throws {
        var generator = SeededGenerator(seed: 44)
        let first = try ImplicitModel(assembling: RandomNetwork.make(layers: 2, input: 3, output: 2, dag: true, using: &generator))
        let wide = try RandomModel.twoBlockCycle(inputs: 4, outputs: 1, using: &generator)
        #expect(throws: CompositionError.dimensionMismatch(firstOutput: 2, secondInput: 4)) {
            try ImplicitModel.cascade(first, wide)
        }
        #expect(CompositionError.dimensionMismatch(firstOutput: 2, secondInput: 4).description.contains("2 outputs"))
        let softmax = first.withHead(.softmax)
        let cyclic = try RandomModel.twoBlockCycle(inputs: 2, outputs: 1, using: &generator)
        #expect(throws: CompositionError.nonlinearHead(.softmax)) {
            try ImplicitModel.cascade(softmax, cyclic)
        }
        // An inconsistent part cannot reach the cascade: it is refused when it is built.
        var broken = ImplicitModel.Builder(first)
        broken.biasY = []
        #expect(throws: ModelError.shapeMismatch(what: "the output bias", expected: "2", found: "0")) { try broken.build() }
    }
}
