import Testing
import ImplicitModel
@testable import ImplicitFormats
import ImplicitTestSupport

/// YAML written by `YAMLModelWriter` must read back to exactly the same document.
@Suite struct YAMLRoundTripTests {
    @Test func networksRoundTripExactly() throws {
        var rng = SeededGenerator(seed: 31)
        for trial in 0..<25 {
            let network = RandomNetwork.make(layers: 1 + trial % 6, input: 3, output: 2, dag: trial % 2 == 0,
                                             head: [.none, .softmax, .sigmoid][trial % 3], using: &rng)
            let text = YAMLModelWriter().write(.network(network))
            guard case .network(let back) = try YAMLModelReader(file: "t.yaml").read(text) else {
                Issue.record("kind changed"); return
            }
            #expect(back == network)
        }
    }

    @Test func implicitModelsRoundTripExactly() throws {
        var rng = SeededGenerator(seed: 32)
        for trial in 0..<25 {
            let network = RandomNetwork.make(layers: 1 + trial % 5, input: 2, output: 3, dag: true, using: &rng)
            var parts = ImplicitModel.Builder(try ImplicitModel(assembling: network))
            // A cyclic diagonal block and a direct term, which networks never produce.
            parts.a[0, 0] = rng.matrix(parts.states[0].size, parts.states[0].size, scale: 0.3)
            parts.d = rng.matrix(3, 2)
            let model = try parts.build()
            let text = YAMLModelWriter().write(.implicit(model))
            guard case .implicit(let back) = try YAMLModelReader(file: "t.yaml").read(text) else {
                Issue.record("kind changed"); return
            }
            #expect(back == model)
        }
    }

    @Test func extremeNumbersSurvive() throws {
        let values: [Double] = [1e-300, -2.5e-8, 1.7976931348623157e308, 0.1, -0.0, Double.leastNonzeroMagnitude, 123456789.123456789]
        let network = Network(input: Port(name: "in put", size: values.count),
                              layers: [], output: Readout(name: "true", terms: [Term(source: "in put", weight: Matrix([values]))], bias: [0]))
        let text = YAMLModelWriter().write(.network(network))
        guard case .network(let back) = try YAMLModelReader(file: "t.yaml").read(text) else { Issue.record("kind"); return }
        #expect(back.output.terms[0].weight.columnMajorElements.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(back.input.name == "in put" && back.output.name == "true")
    }
}
