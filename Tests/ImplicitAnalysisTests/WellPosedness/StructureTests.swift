import Foundation
import Testing
import Linalg
import ImplicitModel
import ImplicitAnalysis
import ImplicitTestSupport

/// Structure first: block components, entry components inside them, the permutation, and
/// witnesses indexed in the model's original state order.
@Suite struct StructureTests {
    /// A three-layer network with a skip connection: strictly block triangular.
    static func network(_ generator: inout SeededGenerator) -> Network {
        let w = { (r: Int, c: Int, g: inout SeededGenerator) in g.matrix(r, c, scale: 2) }
        return Network(
            input: Port(name: "u", size: 3),
            layers: [
                Layer(name: "h1", activation: .relu, terms: [Term(source: "u", weight: w(5, 3, &generator))], bias: [Double](repeating: 0.1, count: 5)),
                Layer(name: "h2", activation: .tanh, terms: [Term(source: "h1", weight: w(4, 5, &generator))], bias: [Double](repeating: 0, count: 4)),
                Layer(name: "h3", activation: .relu, terms: [Term(source: "h2", weight: w(2, 4, &generator)),
                                                              Term(source: "u", weight: w(2, 3, &generator))], bias: [0, 1]),
            ],
            output: Readout(name: "y", terms: [Term(source: "h3", weight: w(2, 2, &generator))], bias: [0, 0]))
    }

    @Test func feedforwardIsWellPosedByStructure() throws {
        var generator = SeededGenerator(seed: 1)
        let model = try ImplicitModel(assembling: Self.network(&generator))
        let report = model.wellPosedness()
        #expect(report.verdict == .wellPosed && report.exact && report.picardContractive)
        #expect(report.acyclicByStructure && report.components.isEmpty && report.cyclicBlockComponents.isEmpty)
        #expect(report.blockOrder == [["h1"], ["h2"], ["h3"]])
    }

    /// Blocks: `pre` (feedforward), `loop` (ReLU, self-coupled: ill-posed through a planted 2 × 2),
    /// `calm` (tanh, reads `loop`, well-posed), `tri` (ReLU, strictly triangular self-block).
    static func mixedModel() throws -> ImplicitModel {
        var model = ImplicitModel.Builder(input: Port(name: "u", size: 2), output: Port(name: "y", size: 1), states: [
                    StateBlock(name: "pre", size: 3, activation: .relu),
                    StateBlock(name: "loop", size: 4, activation: .relu),
                    StateBlock(name: "calm", size: 3, activation: .tanh),
                    StateBlock(name: "tri", size: 3, activation: .relu),
                ])
        model.b[0, 0] = Matrix([[1, 0], [0, 1], [1, 1]])
        model.a[1, 0] = Matrix([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]])
        var loop = Matrix(rows: 4, cols: 4, repeating: 0.05)
        loop[1, 1] = 0.5; loop[3, 3] = 0.5; loop[1, 3] = 2; loop[3, 1] = 2
        model.a[1, 1] = loop
        model.a[2, 1] = Matrix(rows: 3, cols: 4, repeating: 1)
        model.a[2, 2] = Matrix([[-2, 0.3, 0], [0.2, -2, 0.1], [0, 0.4, -2]])
        model.a[3, 2] = Matrix(rows: 3, cols: 3, repeating: -1)
        model.a[3, 3] = Matrix([[0, 7, 9], [0, 0, 8], [0, 0, 0]])
        model.c[0, 3] = Matrix([[1, 1, 1]])
        return try model.build()
    }

    @Test func componentsAndWitnessUseModelStateIndices() throws {
        let model = try Self.mixedModel()
        let report = model.wellPosedness()
        let a = model.a.dense()
        #expect(EvidenceCheck.failures(report, a: a, activations: try #require(model.stateActivations)).isEmpty)
        #expect(report.verdict == .illPosed && !report.acyclicByStructure)
        #expect(report.blockOrder == [["pre"], ["loop"], ["calm"], ["tri"]])
        #expect(report.cyclicBlockComponents.map(\.blocks) == [["loop"], ["calm"], ["tri"]])
        let loop = try #require(report.components.first { $0.blocks == ["loop"] })
        #expect(loop.verdict == .illPosed && loop.states == [3, 4, 5, 6])
        #expect(loop.stateNames == ["loop[0]", "loop[1]", "loop[2]", "loop[3]"])
        #expect(loop.witness?.subset == [4, 6])
        let calm = try #require(report.components.first { $0.blocks == ["calm"] })
        #expect(calm.verdict == .wellPosed && calm.exact && calm.activations == ["tanh"])
        #expect(!calm.picard.contractive)
        let tri = try #require(report.cyclicBlockComponents.first { $0.blocks == ["tri"] })
        #expect(tri.acyclicStates == 3 && tri.components.isEmpty)
    }

    /// Permuted to `stateOrder`, A restricted to a cyclic block component is block lower
    /// triangular: every entry above the diagonal lies inside one diagonal component.
    @Test func stateOrderIsABlockTriangularPermutation() throws {
        var generator = SeededGenerator(seed: 3)
        let n = 12
        var a = Matrix(rows: n, cols: n)
        // Three planted cycles among scattered states, linked one way, plus acyclic states.
        for (i, j) in [(0, 5), (5, 9), (9, 0), (2, 7), (7, 2), (4, 4), (7, 0), (4, 9), (11, 2), (1, 4), (6, 11)] {
            a[i, j] = generator.uniform(0.2...0.9)
        }
        let report = try WellPosednessAnalysis().analyze(matrix: a, activation: .relu)
        let block = try #require(report.cyclicBlockComponents.first)
        #expect(block.stateOrder.sorted() == Array(0..<n))
        var owner = [Int](repeating: -1, count: n)
        for (c, component) in report.components.enumerated() { for s in component.states { owner[s] = c } }
        let position = Dictionary(uniqueKeysWithValues: block.stateOrder.enumerated().map { ($1, $0) })
        for j in 0..<n {
            for i in 0..<n where a[i, j] != 0 && position[j]! > position[i]! {
                #expect(owner[i] >= 0 && owner[i] == owner[j], "state \(i) reads the later state \(j)")
            }
        }
        #expect(report.components.map(\.size).sorted() == [1, 2, 3])
        #expect(block.acyclicStates == n - 6)
    }

    @Test func limitsAndErrors() throws {
        var options = WellPosednessOptions()
        options.denseSizeLimit = 3
        let big = try WellPosednessAnalysis(options: options).analyze(matrix: 0.1 * Matrix.identity(4) + Matrix(rows: 4, cols: 4, repeating: 0.1), activation: .relu)
        #expect(big.verdict == .undecided && !big.exact)
        #expect(big.components.first?.picard.contractive == true)
        // An inconsistent model is refused when it is built, before any analysis can see it.
        var bad = ImplicitModel.Builder(try Self.mixedModel())
        bad.biasX = [1]
        #expect(throws: ModelError.self) { try bad.build() }
        #expect(throws: WellPosednessError.self) {
            try WellPosednessAnalysis().analyze(matrix: Matrix(rows: 1, cols: 1, columnMajor: [.nan]), activation: .relu)
        }
        #expect(throws: WellPosednessError.self) { try WellPosednessAnalysis().analyze(matrix: Matrix(rows: 2, cols: 3), activation: .relu) }
    }

    /// The report is one JSON document (every number finite) that decodes to the same value.
    @Test func reportRoundTripsThroughJSON() throws {
        let report = try Self.mixedModel().wellPosedness()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(report)
        #expect(try JSONDecoder().decode(WellPosednessReport.self, from: data) == report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["verdict"] as? String == "illPosed")
    }
}
