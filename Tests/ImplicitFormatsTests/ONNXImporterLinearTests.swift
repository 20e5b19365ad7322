import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// Gemm and MatMul: every attribute against a direct matrix computation on rows of samples.
struct ONNXImporterLinearTests {
    /// Rows of samples through the network's direct forward pass.
    static func predictRows(_ network: Network, _ xr: Matrix, head: Bool = true) throws -> Matrix {
        try network.forward(xr.transposed(), applyHead: head).transposed()
    }

    @Test func gemmWithTransBAlphaBetaAndBias() throws {
        var rng = SeededGenerator(seed: 1)
        let w = rng.float32Matrix(4, 3), c = rng.float32Vector(4), xr = rng.float32Matrix(5, 3)
        var g = ONNXTestGraph(features: 3)
        g.initializer("W", w)
        g.initializer("C", [4], c)
        g.node("Gemm", ["x", "W", "C"], ["y"], ONNXTestGraph.int("transB", 1), ONNXTestGraph.float("alpha", 0.5), ONNXTestGraph.float("beta", 2))
        g.output("y", features: 4)
        let network = try g.network()
        #expect(network.layers.isEmpty)
        let expected = Reference.addRow(0.5 * (xr * w.transposed()), c.map { 2 * $0 })
        #expect(TestTolerance.close(try Self.predictRows(network, xr), expected, rtol: 1e-12, atol: 1e-12))
    }

    @Test func gemmTransposedIntermediateAndTransA() throws {
        // Gemm(W1, x, transB=1) is (6, N): samples in columns; Relu keeps that; Gemm(transA=1) restores rows.
        var rng = SeededGenerator(seed: 2)
        let w1 = rng.float32Matrix(6, 5), c1 = rng.float32Vector(6), w2 = rng.float32Matrix(6, 3), c2 = rng.float32Vector(3), xr = rng.float32Matrix(7, 5)
        var g = ONNXTestGraph(features: 5)
        g.initializer("W1", w1)
        g.initializer("C1", [6, 1], c1)
        g.initializer("W2", w2)
        g.initializer("C2", [3], c2, .doubleData)
        g.node("Gemm", ["W1", "x", "C1"], ["h"], ONNXTestGraph.int("transB", 1))
        g.node("Relu", ["h"], ["r"])
        g.node("Gemm", ["r", "W2", "C2"], ["y"], ONNXTestGraph.int("transA", 1), ONNXTestGraph.float("alpha", 0.75))
        g.output("y", features: 3)
        let network = try g.network()
        #expect(network.layers.map(\.name) == ["r_node"])
        let hidden = Reference.relu(Reference.addRow(xr * w1.transposed(), c1))
        let expected = Reference.addRow(0.75 * (hidden * w2), c2)
        #expect(TestTolerance.close(try Self.predictRows(network, xr), expected, rtol: 1e-12, atol: 1e-12))
    }

    @Test func matMulThenAddIsOneLayer() throws {
        var rng = SeededGenerator(seed: 3)
        let w = rng.float32Matrix(4, 6), b = rng.float32Vector(6), w2 = rng.float32Matrix(6, 2), xr = rng.float32Matrix(3, 4)
        var g = ONNXTestGraph(features: 4)
        g.initializer("W", w)
        g.initializer("b", [1, 6], b)
        g.initializer("W2", w2)
        g.node("MatMul", ["x", "W"], ["m"])
        g.node("Add", ["b", "m"], ["a"])
        g.node("Tanh", ["a"], ["t"])
        g.node("MatMul", ["t", "W2"], ["y"])
        g.output("y", features: 2)
        let network = try g.network()
        #expect(network.layers.count == 1 && network.layers[0].sharedActivation == .tanh)
        let expected = Reference.map(Reference.addRow(xr * w, b), tanh) * w2
        #expect(TestTolerance.close(try Self.predictRows(network, xr), expected, rtol: 1e-12, atol: 1e-12))
    }

    @Test func productOfTwoInputTensorsIsRefused() throws {
        var g = ONNXTestGraph(features: 2)
        g.node("Relu", ["x"], ["r"])
        g.node("MatMul", ["r", "x"], ["y"])
        g.output("y", features: 2)
        let error = try #require(throws: FormatError.self) { try g.network() }
        #expect(error.description.contains("node 'y_node' (MatMul): both factors depend on the model's input"))
    }
}
