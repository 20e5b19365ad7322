import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// Activations as layers, Sigmoid and Softmax as heads, classifier graphs, output choice.
struct ONNXImporterHeadTests {
    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    @Test func activationsBecomeLayersWithTheirSlopes() throws {
        var rng = SeededGenerator(seed: 30)
        let w = rng.float32Matrix(2, 3), xr = rng.float32Matrix(4, 2)
        var g = ONNXTestGraph(features: 2)
        g.initializer("W", w)
        g.node("MatMul", ["x", "W"], ["m"])
        g.node("LeakyRelu", ["m"], ["l"], ONNXTestGraph.float("alpha", 0.25))
        g.node("Sigmoid", ["l"], ["s"])   // not the last op: a sigmoid layer
        g.node("Tanh", ["s"], ["y"])
        g.output("y", features: 3)
        let network = try g.network()
        #expect(network.layers.map(\.sharedActivation) == [.leakyReLU(alpha: 0.25), .sigmoid, .tanh])
        #expect(network.output.head == .none)
        let expected = Reference.map(xr * w) { tanh(Self.sigmoid($0 > 0 ? $0 : 0.25 * $0)) }
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(network, xr), expected, rtol: 1e-12, atol: 1e-12))
    }

    @Test func softmaxAndSigmoidHeads() throws {
        for (op, head) in [("Softmax", OutputHead.softmax), ("Sigmoid", .sigmoid)] {
            var rng = SeededGenerator(seed: 31)
            let w = rng.float32Matrix(3, 4), xr = rng.float32Matrix(5, 3)
            var g = ONNXTestGraph(features: 3)
            g.initializer("W", w)
            g.node("MatMul", ["x", "W"], ["logits"])
            g.node(op, ["logits"], ["p"], ONNXTestGraph.int("axis", 1))
            g.node("Identity", ["p"], ["probabilities"])
            g.output("probabilities", features: 4)
            let network = try g.network()
            #expect(network.layers.isEmpty && network.output.head == head)
            #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(network, xr, head: false), xr * w, rtol: 1e-12, atol: 1e-12))
        }
    }

    /// skl2onnx's binary MLPClassifier with zipmap off: p = σ(z), Sub(1, p), Concat([1 − p, p]),
    /// and an ArgMax → ArrayFeatureExtractor (ai.onnx.ml) → Cast label branch listed first.
    static func binaryClassifier(seed: UInt64) -> (ONNXTestGraph, w: Matrix, b: [Double], w2: Matrix) {
        var rng = SeededGenerator(seed: seed)
        let w = rng.float32Matrix(3, 4), b = rng.float32Vector(4), w2 = rng.float32Matrix(4, 1)
        var g = ONNXTestGraph(input: "X", features: 3)
        g.initializer("coefficient", w)
        g.initializer("intercepts", [1, 4], b)
        g.initializer("coefficient1", w2)
        g.initializer("unity", [], [1])
        g.initializer("classes", [2], [0, 1], .int64Data)
        g.node("Cast", ["X"], ["cast_input"], ONNXTestGraph.int("to", 1))
        g.node("MatMul", ["cast_input", "coefficient"], ["mul_result"])
        g.node("Add", ["mul_result", "intercepts"], ["add_result"])
        g.node("Relu", ["add_result"], ["next_activations"], name: "Relu")
        g.node("MatMul", ["next_activations", "coefficient1"], ["z"])
        g.node("Sigmoid", ["z"], ["out_activations_result"], name: "Relu1")
        g.node("Sub", ["unity", "out_activations_result"], ["negative_class_proba"])
        g.node("Concat", ["negative_class_proba", "out_activations_result"], ["probabilities"], ONNXTestGraph.int("axis", 1))
        g.node("ArgMax", ["probabilities"], ["argmax_output"], ONNXTestGraph.int("axis", 1))
        g.node("ArrayFeatureExtractor", ["classes", "argmax_output"], ["label_raw"], domain: "ai.onnx.ml")
        g.node("Cast", ["label_raw"], ["label"], ONNXTestGraph.int("to", 7))
        g.outputs = [ONNXTestGraph.valueInfo("label", dims: [.dimParam("N")], elemType: 7)]
        g.output("probabilities", features: 2)
        return (g, w, b, w2)
    }

    @Test func binaryClassifierIsExactWithASigmoidHead() throws {
        let (g, w, b, w2) = Self.binaryClassifier(seed: 32)
        let imported = try g.read()
        #expect(imported.outputName == "probabilities")
        let network = imported.network
        #expect(network.layers.map(\.name) == ["Relu"])
        #expect(network.output.head == .sigmoid && network.output.size == 2)
        let xr = SeededGenerator.float32Matrix(6, 3, seed: 33)
        let z = Reference.relu(Reference.addRow(xr * w, b)) * w2
        var expected = Matrix(rows: 6, cols: 2)
        for i in 0..<6 { expected[i, 0] = 1 - Self.sigmoid(z[i, 0]); expected[i, 1] = Self.sigmoid(z[i, 0]) }
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(network, xr), expected, rtol: 1e-12, atol: 1e-14))
    }

    @Test func outputChoice() throws {
        let (g, _, _, _) = Self.binaryClassifier(seed: 34)
        #expect(try g.read(output: "probabilities").outputName == "probabilities")
        let labelError = try #require(throws: FormatError.self) { try g.read(output: "label") }
        #expect(labelError.description.contains("ArgMax"))
        let missing = try #require(throws: FormatError.self) { try g.read(output: "scores") }
        #expect(missing.description.contains("no output 'scores'; its outputs are 'label', 'probabilities'"))
    }

    @Test func softmaxInsideTheNetworkIsASoftmaxBlock() throws {
        var g = ONNXTestGraph(features: 2)
        g.node("Softmax", ["x"], ["s"], ONNXTestGraph.int("axis", 1))
        g.node("Relu", ["s"], ["y"])
        g.output("y", features: 2)
        let network = try g.network()
        #expect(network.layers.map(\.map) == [.softmax, .elementwise(.relu)])
        #expect(network.output.head == .none)
        let rows = [[1.0, -2.0], [0.5, 3.0]]
        let xr = Matrix(rows)
        let expected = Matrix(rows.map { row in row.map { exp($0) / row.map { exp($0) }.reduce(0, +) } })
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(network, xr), expected, rtol: 1e-12, atol: 1e-12))
    }
}

/// A sigmoid read by two nodes is one layer, not two.
struct ONNXImporterSigmoidReuseTests {
    @Test func pendingSigmoidBecomesOneSharedLayer() throws {
        var g = ONNXTestGraph(features: 2)
        g.initializer("W", [2, 2], [1, 2, 3, 4])
        g.node("MatMul", ["x", "W"], ["m"])
        g.node("Sigmoid", ["m"], ["s"], name: "gate")
        g.node("MatMul", ["s", "W"], ["a"])
        g.node("Add", ["a", "s"], ["y"])
        g.output("y", features: 2)
        let network = try g.network()
        #expect(network.layers.map(\.name) == ["gate"])
        #expect(network.layers[0].sharedActivation == .sigmoid && network.output.head == .none)
    }
}
