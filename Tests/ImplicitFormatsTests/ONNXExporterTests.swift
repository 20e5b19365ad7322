import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import Linalg
import ImplicitTestSupport

/// Export → re-import → the same predictions (to float32 accuracy), for feedforward and
/// contractive cyclic models; refusals for the rest.
struct ONNXExporterTests {
    /// A network with a skip connection, an input → output term (D) and a softmax head.
    static func network(seed: UInt64) -> Network {
        var rng = SeededGenerator(seed: seed)
        return Network(
            input: Port(name: "features", size: 3),
            layers: [
                Layer(name: "h1", activation: .relu, terms: [Term(source: "features", weight: rng.float32Matrix(4, 3))], bias: rng.float32Vector(4)),
                Layer(name: "h2", activation: .leakyReLU(alpha: 0.125),
                      terms: [Term(source: "h1", weight: rng.float32Matrix(5, 4)), Term(source: "features", weight: rng.float32Matrix(5, 3))],
                      bias: rng.float32Vector(5)),
                Layer(name: "h3", activation: .tanh, terms: [Term(source: "h2", weight: rng.float32Matrix(2, 5))], bias: rng.float32Vector(2)),
            ],
            output: Readout(name: "scores", terms: [Term(source: "h3", weight: rng.float32Matrix(3, 2)), Term(source: "h1", weight: rng.float32Matrix(3, 4)),
                                                    Term(source: "features", weight: rng.float32Matrix(3, 3))],
                            bias: rng.float32Vector(3), head: .softmax))
    }

    /// A model whose blocks `u` and `v` read each other (κ < 1), fed by a ReLU block and read by
    /// the output; `v` has a sigmoid, `u` a tanh.
    static func cyclicModel(scale: Double) throws -> ImplicitModel {
        var rng = SeededGenerator(seed: 40)
        let states = [StateBlock(name: "in", size: 3, activation: .relu), StateBlock(name: "u", size: 4, activation: .tanh),
                      StateBlock(name: "v", size: 2, activation: .sigmoid)]
        var model = ImplicitModel.Builder(input: Port(name: "x", size: 2), output: Port(name: "y", size: 2), states: states)
        model.b[0, 0] = rng.float32Matrix(3, 2)
        model.a[1, 0] = rng.float32Matrix(4, 3)
        model.a[1, 1] = scale * rng.float32Matrix(4, 4)
        model.a[1, 2] = scale * rng.float32Matrix(4, 2)
        model.a[2, 1] = scale * rng.float32Matrix(2, 4)
        model.b[2, 0] = rng.float32Matrix(2, 2)
        model.c[0, 1] = rng.float32Matrix(2, 4)
        model.c[0, 2] = rng.float32Matrix(2, 2)
        model.biasX = rng.float32Vector(9)
        model.biasY = rng.float32Vector(2)
        return try model.build()
    }

    static func samples(_ p: Int, _ m: Int) -> Matrix { SeededGenerator.float32Matrix(p, m, seed: 99) }

    @Test func feedforwardRoundTrip() throws {
        let network = Self.network(seed: 41)
        let model = try ImplicitModel(assembling: network)
        let proto = try ONNXExporter().modelProto(model)
        #expect(proto.irVersion == 8 && proto.opsetImport.map(\.version) == [17])
        #expect(proto.graph.input.map(\.name) == ["features"] && proto.graph.output.map(\.name) == ["scores"])
        #expect(proto.graph.input[0].type.tensorType.shape.dim[0].dimParam == "N")
        #expect(proto.graph.node.map(\.opType) == ["Gemm", "Relu", "Concat", "Gemm", "LeakyRelu", "Gemm", "Tanh", "Concat", "Gemm", "Softmax"])

        let back = try ONNXImporter(file: "out.onnx").read(ONNXExporter().export(model))
        #expect(back.network.output.head == .softmax && back.network.input == network.input)
        let x = Self.samples(3, 7)
        let expected = try network.forward(x, applyHead: false)
        #expect(TestTolerance.close(try back.network.forward(x, applyHead: false), expected, rtol: 1e-5, atol: 1e-6))
    }

    /// Weights read from an ONNX file are counted once against the memory limit: a Gemm keeps
    /// the weight it decoded, and its result must not reserve those numbers again.
    @Test func importCountsEachWeightOnce() throws {
        var rng = SeededGenerator(seed: 12)
        var layers: [Layer] = []
        var source = "u"
        for k in 0..<4 {
            layers.append(Layer(name: "h\(k)", activation: .relu, terms: [Term(source: source, weight: rng.matrix(64, 64))], bias: rng.vector(64)))
            source = "h\(k)"
        }
        let network = Network(input: Port(name: "u", size: 64), layers: layers,
                              output: Readout(name: "y", terms: [Term(source: source, weight: rng.matrix(8, 64))], bias: rng.vector(8)))
        let bytes = try ONNXExporter().export(try ImplicitModel(assembling: network))
        let weights = layers.reduce(8 * 64) { $0 + $1.terms[0].weight.count } * MemoryLayout<Double>.size
        // Biases and the assembled D take about 5 % more; counting the weights twice would need 2×.
        #expect(throws: Never.self) {
            try ONNXImporter(file: "w.onnx", memoryLimit: MemoryLimit(bytes: weights * 13 / 10)).read(bytes)
        }
        let refusal = #expect(throws: FormatError.self) {
            try ONNXImporter(file: "w.onnx", memoryLimit: MemoryLimit(bytes: weights * 9 / 10)).read(bytes)
        }
        guard case .exceedsMemoryLimit(let shortfall)? = refusal?.kind else {
            Issue.record("not a memory refusal: \(String(describing: refusal))")
            return
        }
        #expect(shortfall.limit == MemoryLimit(bytes: weights * 9 / 10))
    }

    @Test func contractiveCycleIsUnrolled() throws {
        let model = try Self.cyclicModel(scale: 0.3)
        #expect(!BlockStructure(model).isAcyclic)
        let a = model.a.dense(rowBlocks: [1, 2], colBlocks: [1, 2])
        // The blocks' own activations (u: tanh × 4, v: sigmoid × 2): the bound the solver and lint use.
        let activations = [Activation](repeating: .tanh, count: 4) + [Activation](repeating: .sigmoid, count: 2)
        let kappa = ComponentSolver(a: a, activations: activations, options: SolverOptions()).contractionFactor
        #expect(kappa < 1)
        // Row i counts Lᵢ = 1 (tanh) or 1/4 (sigmoid): below the uniform bound max L · ‖A‖∞.
        #expect(kappa <= a.normInf)
        let proto = try ONNXExporter().modelProto(model)
        let iterations = ONNXExporter.unrolledIterations(factor: kappa, tolerance: 1e-7)
        // Gemm for `in`, the drive, one per iteration, the readout.
        #expect(proto.graph.node.filter { $0.opType == "Gemm" }.count == iterations + 3)
        let back = try ONNXImporter(file: "out.onnx").read(ONNXExporter().export(model))
        let x = Self.samples(2, 9)
        #expect(TestTolerance.close(try back.network.forward(x), try model.predict(x), rtol: 1e-5, atol: 1e-6))
    }

    @Test func iterationCountFormula() {
        // κ = 1/2: K = ⌈log(1e-7 · 0.5) / log 0.5⌉ = ⌈24.25⌉ = 25.
        #expect(ONNXExporter.unrolledIterations(factor: 0.5, tolerance: 1e-7) == 25)
        #expect(ONNXExporter.unrolledIterations(factor: 0, tolerance: 1e-7) == 1)
        #expect(ONNXExporter.unrolledIterations(factor: 0.999_999, tolerance: 1e-7) > 1000)
    }

    @Test func float32RangeNamesTheFirstElementInRowMajorOrderWhateverTheLayout() {
        // 1e39 at (0, 2) and (1, 0): row-major indices 2 and 3; the earlier one is named.
        let values: [[Double]] = [[1, 2, 1e39], [-1e39, 5, 6]]
        let rowMajor = Matrix(rows: 2, cols: 3, rowMajor: values.flatMap { $0 })
        let columnMajor = Matrix(values)
        #expect(rowMajor.layout == .rowMajor && columnMajor.layout == .columnMajor)
        for m in [rowMajor, columnMajor] {
            let hit = Float32Range.firstOutside(m)
            #expect(hit?.index == 2 && hit?.value == 1e39)
        }
        #expect(Float32Range.firstOutside(Matrix(rows: 2, cols: 2, rowMajor: [1, 2, 3, 4])) == nil)
    }

    @Test func refusals() throws {
        // A = −2 (n = 1) is well-posed for ReLU but Picard cycles: no unrolling converges.
        var parts = ImplicitModel.Builder(input: Port(name: "x", size: 1), output: Port(name: "y", size: 1),
                                          states: [StateBlock(name: "s", size: 1, activation: .relu)])
        parts.a[0, 0] = Matrix([[-2]])
        parts.b[0, 0] = Matrix([[1]])
        parts.c[0, 0] = Matrix([[1]])
        let model = try parts.build()
        #expect(throws: ONNXExportError.notContractive(blocks: ["s"], factor: 2)) { try ONNXExporter().export(model) }

        var huge = ImplicitModel.Builder(try ImplicitModel(assembling: Self.network(seed: 42)))
        huge.b[0, 0]?[1, 2] = 1e39
        let big = try huge.build()
        let error = try #require(throws: ONNXExportError.self) { try ONNXExporter().export(big) }
        #expect(error.description.contains("the tensor 'h1_pre_W' has 1e+39 at element 5, beyond float32's range"))

        let slow = try Self.cyclicModel(scale: 0.3)
        var exporter = ONNXExporter()
        exporter.maximumUnrolledIterations = 3
        #expect(throws: ONNXExportError.self) { try exporter.export(slow) }
    }
}

/// Corner cases of the exporter's graph construction.
struct ONNXExporterCornerTests {
    /// "x" is also the input's name; "k" reads nothing (a constant state); "lin" is identity.
    static func cornerModel() throws -> ImplicitModel {
        let states = [StateBlock(name: "x", size: 2, activation: .relu), StateBlock(name: "k", size: 1, activation: .tanh),
                      StateBlock(name: "lin", size: 2, activation: .identity)]
        var model = ImplicitModel.Builder(input: Port(name: "x", size: 2), output: Port(name: "y", size: 1), head: .sigmoid, states: states)
        model.b[0, 0] = Matrix([[1, -1], [0.5, 2]])
        model.a[2, 0] = Matrix([[1, 0], [0.25, 1]])
        model.a[2, 1] = Matrix([[2], [0]])
        model.c[0, 2] = Matrix([[1, -1]])
        model.c[0, 1] = Matrix([[0.5]])
        model.biasX = [0, 0.1, 0.3, 0, -0.2]
        model.biasY = [0.05]
        return try model.build()
    }

    @Test func constantAndIdentityBlocksAndClashingNames() throws {
        let model = try Self.cornerModel()
        let back = try ONNXImporter(file: "out.onnx").read(ONNXExporter().export(model))
        let x = ONNXExporterTests.samples(2, 6)
        #expect(TestTolerance.close(try back.network.forward(x), try model.predict(x), rtol: 1e-6, atol: 1e-7))
        #expect(back.network.input.name == "x" && back.network.output.head == .sigmoid)
    }

    @Test func notesReachModelFile() throws {
        var g = ONNXTestGraph(features: 2)
        g.initializer("W", [2, 2], [1, 2, 3, 4])
        g.initializer("shape", [2], [-1, 1], .int64Data)
        g.node("MatMul", ["x", "W"], ["m"])
        g.node("Reshape", ["m", "shape"], ["variable"])
        g.output("variable", features: 1)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("implicitkit-\(UUID().uuidString).onnx").path
        try g.data().write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (document, notes) = try ModelFile.readWithNotes(path)
        #expect(notes.count == 1)
        guard case .network(let network) = document else { Issue.record("not a network"); return }
        #expect(network.output.size == 2)
    }
}
