import Testing
@testable import ImplicitModel
import ImplicitTestSupport

/// The implicit form of a network must predict exactly what a direct forward pass does.
@Suite struct AssemblyTests {
    /// Largest |a − b| / max(1, |b|) between two matrices of the same shape.
    static func relativeError(_ a: Matrix, _ b: Matrix) -> Double {
        zip(a.columnMajorElements, b.columnMajorElements).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
    }

    @Test(arguments: [false, true])
    func implicitFormMatchesForwardPass(dag: Bool) throws {
        var rng = SeededGenerator(seed: dag ? 7 : 3)
        for trial in 0..<60 {
            let head: OutputHead = [.none, .softmax, .sigmoid][trial % 3]
            let network = RandomNetwork.make(layers: Int.random(in: 1...8, using: &rng), input: Int.random(in: 1...5, using: &rng),
                                             output: Int.random(in: 1...4, using: &rng), dag: dag, head: head, using: &rng)
            let model = try ImplicitModel(assembling: network)
            let inputs = rng.matrix(network.input.size, 17)
            let expected = try network.forward(inputs)
            let predicted = try model.predict(inputs)
            #expect(Self.relativeError(predicted, expected) <= 1e-12, "trial \(trial)")
            #expect(try Self.relativeError(model.predict(inputs, applyHead: false), network.forward(inputs, applyHead: false)) <= 1e-12)
        }
    }

    @Test func stateMatrixIsStrictlyBlockLowerTriangular() throws {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<40 {
            let network = RandomNetwork.make(layers: 6, input: 3, output: 2, dag: true, using: &rng)
            let model = try ImplicitModel(assembling: network)
            #expect(model.a.blocks.keys.allSatisfy { $0.row > $0.col })
            #expect(BlockStructure(model).isAcyclic)
        }
    }

    @Test func severalTermsFromOneSourceAreSummed() throws {
        let w1 = Matrix([[1, 2]]), w2 = Matrix([[10, 20]])
        let network = Network(input: Port(name: "u", size: 2),
                              layers: [Layer(name: "h", activation: .identity,
                                             terms: [Term(source: "u", weight: w1), Term(source: "u", weight: w2)], bias: [0.5])],
                              output: Readout(name: "y", terms: [Term(source: "h", weight: Matrix([[2]])), Term(source: "u", weight: Matrix([[1, 1]]))], bias: [0]))
        let model = try ImplicitModel(assembling: network)
        #expect(model.b[0, 0] == Matrix([[11, 22]]))
        #expect(model.d == Matrix([[1, 1]]))
        let y = try model.predict(Matrix(column: [1, 1]))
        let expected: Double = 2 * (33 + 0.5) + 2
        #expect(y[0, 0] == expected)
    }

    @Test func invalidNetworksAreRejectedWithTheirPlace() {
        let ok = Matrix([[1]])
        func network(_ layers: [Layer]) -> Network {
            Network(input: Port(name: "u", size: 1), layers: layers,
                    output: Readout(name: "y", terms: [Term(source: layers.last?.name ?? "u", weight: ok)], bias: [0]))
        }
        #expect(throws: ModelError.unknownSource(receiver: "a", source: "ghost")) {
            try network([Layer(name: "a", activation: .relu, terms: [Term(source: "ghost", weight: ok)], bias: [0])]).topologicalOrder()
        }
        #expect(throws: ModelError.cycle(["a", "b", "a"])) {
            try network([Layer(name: "a", activation: .relu, terms: [Term(source: "b", weight: ok)], bias: [0]),
                         Layer(name: "b", activation: .relu, terms: [Term(source: "a", weight: ok)], bias: [0])]).topologicalOrder()
        }
        // A cycle through many layers is named by its ends, in one short line.
        let ring = (0..<1000).map { k in
            Layer(name: "l\(k)", activation: .relu, terms: [Term(source: "l\((k + 999) % 1000)", weight: ok)], bias: [0])
        }
        let error = #expect(throws: ModelError.self) { try network(ring).topologicalOrder() }
        guard case .cycle(let names)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(names.count == 1001 && names.first == names.last)
        #expect(error?.description.contains("→ … 991 more … →") == true)
        #expect((error?.description.count ?? .max) < 200)
        #expect(throws: ModelError.duplicateName("a")) {
            try network([Layer(name: "a", activation: .relu, terms: [], bias: [0]), Layer(name: "a", activation: .relu, terms: [], bias: [0])]).topologicalOrder()
        }
        #expect(throws: ModelError.self) {
            try network([Layer(name: "a", activation: .relu, terms: [Term(source: "u", weight: Matrix([[1, 2]]))], bias: [0])]).topologicalOrder()
        }
        #expect(throws: ModelError.nonFinite(what: "the bias of 'a'")) {
            try network([Layer(name: "a", activation: .relu, terms: [], bias: [.nan])]).topologicalOrder()
        }
    }
}
