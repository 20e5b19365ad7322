import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// Add, Sub, Mul, Div with constants on either side, and sums of branches.
struct ONNXImporterElementwiseTests {
    @Test func arithmeticWithConstantsOnBothSides() throws {
        var rng = SeededGenerator(seed: 10)
        let c1 = rng.float32Vector(3), s = 1.5, d = [2.0, 4.0, 0.5], v = rng.float32Vector(3), xr = rng.float32Matrix(4, 3)
        var g = ONNXTestGraph(features: 3)
        g.initializer("c1", [3], c1)
        g.initializer("s", [], [s])
        g.initializer("d", [1, 3], d)
        g.initializer("v", [3], v, .doubleData)
        g.node("Sub", ["x", "c1"], ["a"])          // x − c1
        g.node("Mul", ["s", "a"], ["b"])           // s (x − c1)
        g.node("Div", ["b", "d"], ["c"])           // … / d
        g.node("Sub", ["v", "c"], ["y"])           // v − …
        g.output("y", features: 3)
        let network = try g.network()
        var expected = Matrix(rows: 4, cols: 3)
        for i in 0..<4 { for j in 0..<3 { expected[i, j] = v[j] - s * (xr[i, j] - c1[j]) / d[j] } }
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(network, xr), expected, rtol: 1e-12, atol: 1e-12))
    }

    @Test func residualSumOfLayersAndInput() throws {
        var rng = SeededGenerator(seed: 11)
        let w1 = rng.float32Matrix(3, 3), w2 = rng.float32Matrix(3, 3), xr = rng.float32Matrix(5, 3)
        var g = ONNXTestGraph(features: 3)
        g.initializer("W1", w1)
        g.initializer("W2", w2)
        g.node("MatMul", ["x", "W1"], ["m1"])
        g.node("Relu", ["m1"], ["h1"])
        g.node("MatMul", ["h1", "W2"], ["m2"])
        g.node("Relu", ["m2"], ["h2"])
        g.node("Add", ["h1", "h2"], ["s"])
        g.node("Sub", ["s", "x"], ["y"])
        g.output("y", features: 3)
        let network = try g.network()
        let h1 = Reference.relu(xr * w1), h2 = Reference.relu(h1 * w2)
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(network, xr), h1 + h2 - xr, rtol: 1e-12, atol: 1e-12))
        #expect(Set(network.output.terms.map(\.source)) == ["x", "h1_node", "h2_node"])
    }

    @Test func perSampleConstantsAndNonAffineProductsAreRefused() throws {
        var g = ONNXTestGraph(features: 2)
        g.initializer("c", [3, 2], [1, 2, 3, 4, 5, 6])
        g.node("Add", ["x", "c"], ["y"])
        g.output("y", features: 2)
        #expect(throws: FormatError.self) { try g.network() }

        var h = ONNXTestGraph(features: 2)
        h.node("Relu", ["x"], ["r"])
        h.node("Mul", ["r", "x"], ["y"])
        h.output("y", features: 2)
        let error = try #require(throws: FormatError.self) { try h.network() }
        #expect(error.description.contains("(Mul): multiplies two tensors that both depend on the input"))

        var k = ONNXTestGraph(features: 2)
        k.initializer("z", [2], [1, 0])
        k.node("Div", ["x", "z"], ["y"])
        k.output("y", features: 2)
        #expect(throws: FormatError.self) { try k.network() }
    }
}
