import Testing
import Linalg
import ImplicitModel
import ImplicitAnalysis
import ImplicitTestSupport

/// The cascade and the parallel composition are well-posed iff both parts are (A is block
/// triangular, resp. block diagonal, with the parts' A on the diagonal).
@Suite struct CompositionLintTests {
    /// A cyclic ReLU model that is well-posed but not Picard-contractive, with `q` outputs.
    static func cyclic(inputs: Int, outputs: Int, diagonal: Double = -2) throws -> ImplicitModel {
        var model = ImplicitModel.Builder(input: Port(name: "u", size: inputs), output: Port(name: "y", size: outputs),
                                          states: [StateBlock(name: "h", size: 3, activation: .relu)])
        model.a[0, 0] = Matrix([[diagonal, 0.3, 0.1], [0.2, diagonal, 0.4], [0.1, 0.1, diagonal]])
        model.b[0, 0] = Matrix(rows: 3, cols: inputs, repeating: 0.5)
        model.c[0, 0] = Matrix(rows: outputs, cols: 3, repeating: 1)
        return try model.build()
    }

    @Test func compositionsOfWellPosedModelsLintWellPosed() throws {
        var generator = SeededGenerator(seed: 11)
        let network = try ImplicitModel(assembling: StructureTests.network(&generator))
        let first = try Self.cyclic(inputs: 2, outputs: 3)
        for model in [try ImplicitModel.cascade(first, network), try ImplicitModel.cascade(network, Self.cyclic(inputs: 2, outputs: 1)),
                      try ImplicitModel.parallel(Self.cyclic(inputs: 3, outputs: 2), network)] {
            let report = model.wellPosedness()
            #expect(report.verdict == .wellPosed && report.exact)
            #expect(EvidenceCheck.failures(report, a: model.a.dense(), activations: try #require(model.stateActivations)).isEmpty)
        }
    }

    @Test func anIllPosedPartMakesTheCompositionIllPosed() throws {
        var generator = SeededGenerator(seed: 12)
        let network = try ImplicitModel(assembling: StructureTests.network(&generator))
        let ill = try Self.cyclic(inputs: 2, outputs: 1, diagonal: 1.2)
        let cascade = try ImplicitModel.cascade(network, ill)
        let report = cascade.wellPosedness()
        #expect(report.verdict == .illPosed)
        // The second part's states come after the network's 11 states.
        let bad = report.components.filter { $0.verdict == .illPosed }
        #expect(!bad.isEmpty && bad.allSatisfy { $0.states.allSatisfy { $0 >= network.stateCount } })
        #expect(EvidenceCheck.failures(report, a: cascade.a.dense(), activations: try #require(cascade.stateActivations)).isEmpty)
        #expect(try ImplicitModel.parallel(ill, Self.cyclic(inputs: 2, outputs: 2)).wellPosedness().verdict == .illPosed)
    }
}
