import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// Shape, Gather, ConstantOfShape, Expand and Tile: the shape computations of the legacy
/// PyTorch exporter (symbolic batch N) and the repetitions of constants, checked against direct
/// computations; what needs N's value is refused with the node named.
struct ONNXImporterShapeArithmeticTests {
    /// `x.view(x.size(0), -1)` as the legacy exporter writes it, on an (N, 2, 3) input.
    @Test func viewBySizeZeroKeepsTheBatch() throws {
        var rng = SeededGenerator(seed: 1320)
        let w = rng.float32Matrix(6, 2), xr = rng.float32Matrix(4, 6)
        var g = ONNXTestGraph(features: 6)
        g.inputs = [ONNXTestGraph.valueInfo("x", dims: [.dimParam("N"), .dimValue(2), .dimValue(3)])]
        g.opset = 13
        g.initializer("W", w)
        g.initializer("zero", [], [0], .int64Data)
        g.initializer("axes", [1], [0], .int64Data)
        g.initializer("minus_one", [1], [-1], .int64Data)
        g.node("Shape", ["x"], ["shape"])
        g.node("Gather", ["shape", "zero"], ["n"], ONNXTestGraph.int("axis", 0))
        g.node("Unsqueeze", ["n", "axes"], ["n1"])
        g.node("Concat", ["n1", "minus_one"], ["target"], ONNXTestGraph.int("axis", 0))
        g.node("Cast", ["target"], ["target64"], ONNXTestGraph.int("to", 7))
        g.node("Reshape", ["x", "target64"], ["flat"])
        g.node("MatMul", ["flat", "W"], ["y"])
        g.output("y", features: 2)
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(g.network(), xr), xr * w, rtol: 1e-12, atol: 1e-12))
    }

    /// `torch.chunk(h, 3, dim=-1)` from the legacy exporter: the chunk width ⌈8/3⌉ = 3 from
    /// Shape → Gather(-1) → (d + 2) / 3 in integer arithmetic, then Slice [0, 3), [3, 6), [6, 8).
    @Test func legacyChunkArithmeticFolds() throws {
        var rng = SeededGenerator(seed: 1321)
        let xr = rng.float32Matrix(3, 8)
        var g = ONNXTestGraph(features: 8)
        g.opset = 13
        g.initializer("last", [1], [-1], .int64Data)
        g.initializer("zero", [1], [0], .int64Data)
        g.initializer("two", [1], [2], .int64Data)
        g.initializer("three", [1], [3], .int64Data)
        g.node("Shape", ["x"], ["shape"])
        g.node("Gather", ["shape", "last"], ["d"], ONNXTestGraph.int("axis", 0))
        g.node("Add", ["d", "two"], ["d2"])
        g.node("Div", ["d2", "three"], ["chunk"])
        g.node("Mul", ["chunk", "two"], ["end2"])
        g.node("Slice", ["x", "chunk", "end2", "last"], ["middle"])
        g.node("Slice", ["x", "zero", "chunk", "last"], ["first"])
        g.node("Sub", ["middle", "first"], ["y"])
        g.output("y", features: 3)
        let expected = xr.columns(3..<6) - xr.columns(0..<3)
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(g.network(), xr), expected, rtol: 0, atol: 0))
    }

    /// Shape with start/end (opset 15), and a fixed batch making every extent known.
    @Test func shapeRangeAndFixedBatchAreConstants() throws {
        var rng = SeededGenerator(seed: 1322)
        let xr = rng.float32Matrix(5, 4)
        var g = ONNXTestGraph(features: 4, batch: 5)
        g.opset = 15
        g.node("Shape", ["x"], ["whole"])
        g.node("Shape", ["x"], ["features"], ONNXTestGraph.int("start", -1))
        g.node("Concat", ["whole"], ["target"], ONNXTestGraph.int("axis", 0))
        g.node("Reshape", ["x", "target"], ["same"])
        g.node("Tile", ["same", "ones"], ["y"])
        g.initializer("ones", [2], [1, 1], .int64Data)
        g.output("y", features: 4)
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(g.network(), xr), xr, rtol: 0, atol: 0))
    }

    /// Gather of features with a 1-D index list (negative counted from the end) and Tile of
    /// features are row selections.
    @Test func gatherAndTileOfFeatures() throws {
        var rng = SeededGenerator(seed: 1323)
        let xr = rng.float32Matrix(3, 4)
        var g = ONNXTestGraph(features: 4)
        g.initializer("pick", [3], [3, 0, -1], .int64Data)
        g.initializer("twice", [2], [1, 2], .int64Data)
        g.node("Gather", ["x", "pick"], ["picked"], ONNXTestGraph.int("axis", 1))
        g.node("Tile", ["picked", "twice"], ["y"])
        g.output("y", features: 6)
        let expected = xr.submatrix(rows: [0, 1, 2], cols: [3, 0, 3, 3, 0, 3])
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(g.network(), xr), expected, rtol: 0, atol: 0))
    }

    /// The legacy exporter's `c.repeat(1, 2)`: ConstantOfShape → Expand → Tile of a constant,
    /// added to the input.
    @Test func repeatedConstantsFold() throws {
        var rng = SeededGenerator(seed: 1324)
        let xr = rng.float32Matrix(3, 4)
        let c = [0.5, -1.5]
        var g = ONNXTestGraph(features: 4)
        g.initializer("c", [1, 2], c)
        g.initializer("rank", [1], [2], .int64Data)
        g.initializer("repeats", [2], [1, 2], .int64Data)
        var one = ONNXTestGraph.tensor("value", [1], [1], .int64Data)
        one.name = "value"
        g.node("ConstantOfShape", ["rank"], ["ones"], ONNXTestGraph.tensorAttribute("value", one))
        g.node("Expand", ["c", "ones"], ["ce"])
        g.node("Tile", ["ce", "repeats"], ["ct"])
        g.node("Add", ["x", "ct"], ["y"])
        g.output("y", features: 4)
        let expected = Reference.addRow(xr, c + c)
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(g.network(), xr), expected, rtol: 0, atol: 0))
    }

    /// The default exporter folds `c.expand(5, k)` for its fixed batch into a (5, k) constant of
    /// identical rows: per-feature. Rows that differ are still refused.
    @Test func constantRepeatedAlongTheBatchIsPerFeature() throws {
        var rng = SeededGenerator(seed: 1325)
        let xr = rng.float32Matrix(5, 2)
        for (rows, accepted) in [([1.0, 2.0, 1.0, 2.0], true), ([1.0, 2.0, 1.0, 3.0], false)] {
            var g = ONNXTestGraph(features: 2, batch: 2)
            g.initializer("c", [2, 2], rows)
            g.node("Add", ["x", "c"], ["y"])
            g.output("y", features: 2)
            if accepted {
                let got = try ONNXImporterLinearTests.predictRows(g.network(), xr)
                #expect(TestTolerance.close(got, Reference.addRow(xr, [1, 2]), rtol: 0, atol: 0))
            } else {
                let error = try #require(throws: FormatError.self) { try g.network() }
                #expect(error.description.contains("varies along the batch axis"), "\(error)")
            }
        }
    }

    @Test(arguments: [
        ("arithmetic", "with the batch size N that the model does not fix"),
        ("expand_features", "repeats samples or features"),
        ("tile_batch", "Tile repeats the batch axis"),
        ("gather_batch", "gathers along the batch axis"),
        ("batch_in_features", "holds the batch size N"),
        ("output_shape", "is the extents [N, 3] of a tensor"),
    ])
    func refusalsNameTheNode(kind: String, message: String) throws {
        var g = ONNXTestGraph(features: 3)
        g.opset = 13
        g.initializer("one", [1], [1], .int64Data)
        g.initializer("zero", [1], [0], .int64Data)
        g.initializer("wide", [2], [1, 6], .int64Data)
        g.initializer("batch_twice", [2], [2, 1], .int64Data)
        g.node("Shape", ["x"], ["shape"])
        switch kind {
        case "arithmetic":
            g.node("Add", ["shape", "one"], ["bad"], name: "culprit")
            g.node("Reshape", ["x", "bad"], ["y"])
        case "expand_features": g.node("Expand", ["x", "wide"], ["y"], name: "culprit")
        case "tile_batch": g.node("Tile", ["x", "batch_twice"], ["y"], name: "culprit")
        case "gather_batch": g.node("Gather", ["x", "zero"], ["y"], name: "culprit", ONNXTestGraph.int("axis", 0))
        case "batch_in_features":
            g.node("Gather", ["shape", "zero"], ["n"], ONNXTestGraph.int("axis", 0))
            g.node("Concat", ["one", "n"], ["target"], ONNXTestGraph.int("axis", 0))
            g.node("Reshape", ["x", "target"], ["y"], name: "culprit")
        default: g.node("Identity", ["shape"], ["y"])
        }
        g.output("y", features: 3)
        let error = try #require(throws: FormatError.self) { try g.network() }
        #expect(error.description.contains(kind == "output_shape" ? "output 'y'" : "node 'culprit'"), "\(error)")
        #expect(error.description.contains(message), "\(error)")
    }
}
