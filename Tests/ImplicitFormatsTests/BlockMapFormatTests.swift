import Foundation
import ImplicitTestSupport
import Testing
@testable import ImplicitFormats
import ImplicitModel

/// Block maps (softmax, layer normalisation) through every format: written and read back
/// exactly (YAML, protobuf, NPZ), or to float32 rounding (ONNX), in the network and implicit
/// forms, plus the refusals of malformed spellings.
@Suite struct BlockMapFormatTests {
    /// Linear → LayerNorm → Linear → Softmax → Linear, and a cyclic softmax block.
    static func network(_ rng: inout SeededGenerator) -> Network {
        RandomNetwork.blockMaps(input: 3, hidden: 5, attention: 4, output: 2, using: &rng)
    }

    static func cyclic(_ rng: inout SeededGenerator) throws -> ImplicitModel {
        var model = ImplicitModel.Builder(try ImplicitModel(assembling: network(&rng)))
        model.a[2, 2] = rng.matrix(4, 4, scale: 0.3)
        return try model.build()
    }

    static func roundTrip(_ document: ModelDocument, _ format: ModelFormat) throws -> ImplicitModel {
        let directory = try TemporaryDirectory()
        let file = directory.file("m.\(format.rawValue)")
        try ModelFile.write(document, to: file.path, inputs: [], force: false)
        return try ModelFile.load(file.path).document.implicitModel()
    }

    @Test(arguments: ModelFormat.allCases)
    func implicitModelsRoundTrip(_ format: ModelFormat) throws {
        var rng = SeededGenerator(seed: 3)
        let feedforward = try ImplicitModel(assembling: Self.network(&rng))
        let cyclic = try Self.cyclic(&rng)
        for model in [feedforward, cyclic] {
            if format == .onnx {
                let back = try Self.roundTrip(.implicit(model), format)
                let x = rng.matrix(3, 8)
                #expect(TestTolerance.close(try back.predict(x), try model.predict(x), rtol: 1e-5, atol: 1e-6))
            } else {
                #expect(try Self.roundTrip(.implicit(model), format) == model)
            }
        }
    }

    @Test(arguments: [ModelFormat.yaml, .protobufBinary, .protobufText])
    func networksRoundTrip(_ format: ModelFormat) throws {
        var rng = SeededGenerator(seed: 5)
        let network = Self.network(&rng)
        let directory = try TemporaryDirectory()
        let file = directory.file("n.\(format.rawValue)")
        try ModelFile.write(.network(network), to: file.path, inputs: [], force: false)
        guard case .network(let back) = try ModelFile.load(file.path).document else {
            Issue.record("not read back as a network"); return
        }
        #expect(back == network)
    }

    @Test func yamlRefusesMalformedLayerNormalization() throws {
        let base = """
        kind: implicit
        input: {name: u, size: 1}
        output: {name: y, size: 1}
        states:
          - name: x
            size: 2
            activation: ACT
        """
        for bad in ["{layer_normalization: {epsilon: 0, scale: [1, 1]}}",
                    "{layer_normalization: {scale: [1, 1, 1]}}",
                    "{layer_normalization: {scale: [1, 1], gamma: [1, 1]}}",
                    "{layer_norm: {scale: [1, 1]}}",
                    "[softmax, softmax]"] {
            let text = base.replacingOccurrences(of: "ACT", with: bad)
            #expect(throws: FormatError.self) { try ModelFile.load(data: Data(text.utf8), format: .yaml, file: "m.yaml") }
        }
        let good = base.replacingOccurrences(of: "ACT", with: "{layer_normalization: {scale: [2, 3]}}")
        let model = try ModelFile.load(data: Data(good.utf8), format: .yaml, file: "m.yaml").document.implicitModel()
        #expect(model.states[0].map == .layerNormalization(LayerNormalization(epsilon: 1e-5, scale: [2, 3], bias: [0, 0])))
    }
}

/// The ONNX LayerNormalization operator: read against its formula, and refused over fewer
/// axes than the features.
@Suite struct ONNXLayerNormalizationTests {
    @Test func layerNormalizationReadsAsTheBlockMap() throws {
        var g = ONNXTestGraph(features: 3)
        g.initializer("gamma", [3], [0.5, 1.0, 2.0])
        g.initializer("beta", [3], [0.1, 0.0, -0.1])
        g.node("LayerNormalization", ["x", "gamma", "beta"], ["y"], ONNXTestGraph.int("axis", -1), ONNXTestGraph.float("epsilon", 1e-3))
        g.output("y", features: 3)
        let network = try g.network()
        guard case .layerNormalization(let norm) = network.layers.first?.map else { Issue.record("no LN layer"); return }
        #expect(norm.scale == [0.5, 1.0, 2.0] && abs(norm.epsilon - 1e-3) < 1e-10)
        let rows = [[1.0, -2.0, 4.0], [0.5, 0.5, 0.5]]
        let expected = Matrix(rows.map { z in
            let mean = z.reduce(0, +) / 3, variance = z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3
            return z.indices.map { norm.scale[$0] * (z[$0] - mean) / (variance + norm.epsilon).squareRoot() + norm.bias[$0] }
        })
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(network, Matrix(rows)), expected, rtol: 1e-12, atol: 1e-12))
    }

    @Test func layerNormalizationOverPartOfTheFeaturesIsRefused() throws {
        var g = ONNXTestGraph(features: 6)
        g.initializer("shape", [3], [0, 2, 3], .int64Data)
        g.initializer("gamma", [3], [1, 1, 1])
        g.node("Reshape", ["x", "shape"], ["r"])
        g.node("LayerNormalization", ["r", "gamma"], ["y"], ONNXTestGraph.int("axis", -1))
        g.output("y", features: 6)
        let error = try #require(throws: FormatError.self) { try g.network() }
        #expect(error.description.contains("LayerNormalization") && error.description.contains("every feature axis"))
    }

    static func lastAxes() -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto(); a.name = "axes"; a.type = .ints; a.ints = [-1]; return a
    }

    /// torch's opset-14 LayerNorm: ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div; with
    /// `leak`, the centred tensor is also added to the output (read outside the pattern).
    static func decomposition(leak: Bool) -> ONNXTestGraph {
        var g = ONNXTestGraph(features: 4)
        g.opset = 14
        g.initializer("two", [], [2])
        g.initializer("eps", [], [1e-3])
        g.node("ReduceMean", ["x"], ["m"], lastAxes())
        g.node("Sub", ["x", "m"], ["c"], name: "centre")
        g.node("Pow", ["c", "two"], ["c2"])
        g.node("ReduceMean", ["c2"], ["v"], lastAxes())
        g.node("Add", ["v", "eps"], ["ve"])
        g.node("Sqrt", ["ve"], ["s"])
        g.node("Div", ["c", "s"], leak ? ["n"] : ["y"], name: "ln")
        if leak { g.node("Add", ["n", "c"], ["y"]) }
        g.output("y", features: 4)
        return g
    }

    @Test func theLegacyDecompositionReadsAsLayerNormalization() throws {
        let network = try Self.decomposition(leak: false).network()
        #expect(network.layers.count == 1)
        guard case .layerNormalization(let norm) = network.layers.first?.map else { Issue.record("no LN layer"); return }
        #expect(norm.scale == [1, 1, 1, 1] && norm.bias == [0, 0, 0, 0] && abs(norm.epsilon - 1e-3) < 1e-10)
        let rows = [[1.0, -2.0, 4.0, 0.0]]
        let z = rows[0], mean = z.reduce(0, +) / 4, variance = z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4
        let expected = Matrix([z.map { ($0 - mean) / (variance + norm.epsilon).squareRoot() }])
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(network, Matrix(rows)), expected, rtol: 1e-12, atol: 1e-12))
    }

    @Test func aDecompositionWhoseInteriorIsReadElsewhereIsNotRecognised() throws {
        let error = try #require(throws: FormatError.self) { try Self.decomposition(leak: true).network() }
        #expect(error.description.contains("centre"))
    }
}
