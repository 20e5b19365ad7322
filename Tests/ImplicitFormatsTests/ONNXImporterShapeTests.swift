import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// Concat, BatchNormalization and the operators that only move shapes.
struct ONNXImporterShapeTests {
    @Test func concatOfTwoBranches() throws {
        var rng = SeededGenerator(seed: 20)
        let wa = rng.float32Matrix(3, 2), wb = rng.float32Matrix(3, 4), wo = rng.float32Matrix(6, 1), xr = rng.float32Matrix(5, 3)
        var g = ONNXTestGraph(features: 3)
        g.initializer("Wa", wa)
        g.initializer("Wb", wb)
        g.initializer("Wo", wo)
        g.node("MatMul", ["x", "Wa"], ["ma"])
        g.node("Relu", ["ma"], ["ra"])
        g.node("MatMul", ["x", "Wb"], ["mb"])
        g.node("Tanh", ["mb"], ["tb"])
        g.node("Concat", ["ra", "tb"], ["cat"], ONNXTestGraph.int("axis", -1))
        g.node("MatMul", ["cat", "Wo"], ["y"])
        g.output("y", features: 1)
        let network = try g.network()
        let ra = Reference.relu(xr * wa), tb = Reference.map(xr * wb, tanh)
        let expected = ra * wo.rows(0..<2) + tb * wo.rows(2..<6)
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(network, xr), expected, rtol: 1e-12, atol: 1e-12))
    }

    @Test func batchNormalizationAfterGemm() throws {
        var rng = SeededGenerator(seed: 21)
        let w = rng.float32Matrix(4, 3), xr = rng.float32Matrix(6, 3)
        let scale = [0.5, 1.5, 2.0, 1.0], bias = rng.float32Vector(4), mean = rng.float32Vector(4), variance = [0.25, 1.0, 2.0, 0.5]
        let epsilon = 1e-3
        var g = ONNXTestGraph(features: 3)
        g.initializer("W", w)
        g.initializer("scale", [4], scale)
        g.initializer("B", [4], bias)
        g.initializer("mean", [4], mean, .raw32)
        g.initializer("var", [4], variance, .doubleData)
        g.node("Gemm", ["x", "W"], ["g"], ONNXTestGraph.int("transB", 1))
        g.node("BatchNormalization", ["g", "scale", "B", "mean", "var"], ["y"], ONNXTestGraph.float("epsilon", epsilon))
        g.output("y", features: 4)
        let network = try g.network()
        let eps = Double(Float(epsilon))
        var expected = xr * w.transposed()
        for i in 0..<6 { for c in 0..<4 { expected[i, c] = scale[c] * (expected[i, c] - mean[c]) / (variance[c] + eps).squareRoot() + bias[c] } }
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(network, xr), expected, rtol: 1e-12, atol: 1e-12))
    }

    @Test func shapeOperatorsKeepValues() throws {
        var rng = SeededGenerator(seed: 22)
        let w = rng.float32Matrix(4, 2), xr = rng.float32Matrix(3, 4)
        var g = ONNXTestGraph(features: 4)
        g.initializer("W", w)
        g.initializer("keep", [2], [0, -1], .int64Data)
        g.initializer("ratio", [], [0.5])
        g.node("Flatten", ["x"], ["f"], ONNXTestGraph.int("axis", 1))
        g.node("Identity", ["f"], ["i"])
        g.node("Cast", ["i"], ["c"], ONNXTestGraph.int("to", 11))
        g.node("Dropout", ["c", "ratio"], ["d"])
        g.node("Reshape", ["d", "keep"], ["r"])
        g.node("MatMul", ["r", "W"], ["y"])
        g.output("y", features: 2)
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(g.network(), xr), xr * w, rtol: 1e-12, atol: 1e-12))
    }

    @Test func skl2onnxMultiOutputReshapeGivesOneSamplePerRow() throws {
        var rng = SeededGenerator(seed: 23)
        let w = rng.float32Matrix(3, 2), xr = rng.float32Matrix(4, 3)
        var g = ONNXTestGraph(features: 3)
        g.initializer("W", w)
        g.initializer("shape_tensor", [2], [-1, 1], .int64Data)
        g.node("MatMul", ["x", "W"], ["m"])
        g.node("Reshape", ["m", "shape_tensor"], ["variable"])
        g.output("variable", features: 1)
        let imported = try g.read()
        #expect(imported.network.output.size == 2)
        #expect(imported.notes.count == 1 && imported.notes[0].contains("Reshape(-1, 1)"))
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(imported.network, xr), xr * w, rtol: 1e-12, atol: 1e-12))

        // The same Reshape anywhere but at the output merges samples: refused.
        var h = g
        h.outputs = []
        h.node("Relu", ["variable"], ["y"])
        h.output("y", features: 1)
        let error = try #require(throws: FormatError.self) { try h.network() }
        #expect(error.description.contains("would merge samples with features"))
    }

    @Test func fixedBatchReshape() throws {
        var g = ONNXTestGraph(features: 3, batch: 8)
        g.initializer("shape", [2], [8, -1], .int64Data)
        g.node("Reshape", ["x", "shape"], ["r"])
        g.node("Relu", ["r"], ["y"])
        g.output("y", features: 3)
        #expect(try g.network().layers.count == 1)
    }
}
