import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// `Split` (a node with several outputs): every opset form of the part sizes, compared with the
/// direct computation on the columns of the input; and what is refused, with the node named.
struct ONNXImporterSplitTests {
    enum SizesForm { case attribute([Int]), input([Int]), numOutputs(Int), none }

    /// x (N, 7) → Split(axis) into `parts` outputs → part k · W_k → Relu → Concat → y.
    static func splitGraph(opset: Int64, sizes: SizesForm, parts: Int, axis: Int = 1, widths: [Int],
                           rng: inout SeededGenerator) -> (ONNXTestGraph, [Matrix]) {
        var g = ONNXTestGraph(features: 7)
        g.opset = opset
        var inputs = ["x"]
        var attributes = [ONNXTestGraph.int("axis", axis)]
        switch sizes {
        case .attribute(let s): attributes.append(ONNXImporterOpsetTests.ints("split", s))
        case .input(let s): g.initializer("sizes", [s.count], s.map(Double.init), .int64Data); inputs.append("sizes")
        case .numOutputs(let n): attributes.append(ONNXTestGraph.int("num_outputs", n))
        case .none: break
        }
        let outputs = (0..<parts).map { "part\($0)" }
        var n = Onnx_NodeProto()
        n.opType = "Split"; n.name = "splitter"; n.input = inputs; n.output = outputs; n.attribute = attributes
        g.nodes.append(n)
        var weights: [Matrix] = []
        for (k, width) in widths.enumerated() {
            let w = rng.float32Matrix(width, 2)
            weights.append(w)
            g.initializer("W\(k)", w)
            g.node("MatMul", ["part\(k)", "W\(k)"], ["m\(k)"])
            g.node("Relu", ["m\(k)"], ["r\(k)"])
        }
        g.node("Concat", (0..<widths.count).map { "r\($0)" }, ["y"], ONNXTestGraph.int("axis", 1))
        g.output("y", features: 2 * widths.count)
        return (g, weights)
    }

    static func expected(_ xr: Matrix, widths: [Int], weights: [Matrix]) -> Matrix {
        var start = 0
        var blocks: [Matrix] = []
        for (w, width) in zip(weights, widths) {
            blocks.append(Reference.relu(xr.columns(start..<(start + width)) * w))
            start += width
        }
        var out = Matrix(rows: xr.rows, cols: 2 * widths.count)
        for (k, block) in blocks.enumerated() { for i in 0..<xr.rows { for j in 0..<2 { out[i, 2 * k + j] = block[i, j] } } }
        return out
    }

    @Test(arguments: [
        (Int64(11), SizesForm.attribute([3, 2, 2]), [3, 2, 2]),
        (Int64(13), SizesForm.input([1, 4, 2]), [1, 4, 2]),
        (Int64(18), SizesForm.input([2, 2, 3]), [2, 2, 3]),
        // num_outputs: parts of ⌈7/3⌉ = 3, the last one smaller.
        (Int64(18), SizesForm.numOutputs(3), [3, 3, 1]),
        (Int64(20), SizesForm.numOutputs(2), [4, 3]),
    ])
    func partsAreColumnBlocks(opset: Int64, sizes: SizesForm, widths: [Int]) throws {
        var rng = SeededGenerator(seed: 1300 + UInt64(opset))
        let (g, weights) = Self.splitGraph(opset: opset, sizes: sizes, parts: widths.count, widths: widths, rng: &rng)
        let xr = rng.float32Matrix(5, 7)
        let got = try ONNXImporterLinearTests.predictRows(g.network(), xr)
        #expect(TestTolerance.close(got, Self.expected(xr, widths: widths, weights: weights), rtol: 1e-12, atol: 1e-12))
    }

    @Test func equalPartsWithoutSizesAndNegativeAxis() throws {
        var rng = SeededGenerator(seed: 1311)
        var g = ONNXTestGraph(features: 6)
        g.opset = 13
        let w = rng.float32Matrix(3, 3)
        g.initializer("W", w)
        var n = Onnx_NodeProto()
        n.opType = "Split"; n.name = "halves"; n.input = ["x"]; n.output = ["a", "b"]; n.attribute = [ONNXTestGraph.int("axis", -1)]
        g.nodes.append(n)
        g.node("Sub", ["a", "b"], ["d"])
        g.node("MatMul", ["d", "W"], ["y"])
        g.output("y", features: 3)
        let xr = rng.float32Matrix(4, 6)
        let expected = (xr.columns(0..<3) - xr.columns(3..<6)) * w
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(g.network(), xr), expected, rtol: 1e-12, atol: 1e-12))
    }

    /// (N, 2, 3) split along axis 2 into (N, 2, 1) and (N, 2, 2): rows {0, 3} and {1, 2, 4, 5}
    /// of the C-order features.
    @Test func splitAlongAnInnerFeatureAxis() throws {
        var rng = SeededGenerator(seed: 1312)
        var g = ONNXTestGraph(features: 6)
        g.opset = 18
        g.initializer("cube", [3], [0, 2, 3], .int64Data)
        g.initializer("sizes", [2], [1, 2], .int64Data)
        g.initializer("flat", [2], [0, -1], .int64Data)
        g.node("Reshape", ["x", "cube"], ["c"])
        var n = Onnx_NodeProto()
        n.opType = "Split"; n.name = "inner"; n.input = ["c", "sizes"]; n.output = ["p", "q"]; n.attribute = [ONNXTestGraph.int("axis", 2)]
        g.nodes.append(n)
        g.node("Reshape", ["q", "flat"], ["qf"])
        g.node("Reshape", ["p", "flat"], ["pf"])
        g.node("Concat", ["qf", "pf"], ["y"], ONNXTestGraph.int("axis", 1))
        g.output("y", features: 6)
        let xr = rng.float32Matrix(3, 6)
        let expected = xr.submatrix(rows: Array(0..<3), cols: [1, 2, 4, 5, 0, 3])
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(g.network(), xr), expected, rtol: 0, atol: 0))
    }

    @Test func constantSplitFolds() throws {
        var rng = SeededGenerator(seed: 1313)
        var g = ONNXTestGraph(features: 2)
        g.opset = 13
        let w = rng.float32Matrix(2, 4)
        g.initializer("Wboth", [4, 2], w.transposed().rowMajor)
        var n = Onnx_NodeProto()
        n.opType = "Split"; n.name = "weights"; n.input = ["Wboth"]; n.output = ["W1", "W2"]
        g.nodes.append(n)
        g.node("MatMul", ["x", "W2"], ["y"])
        g.output("y", features: 2)
        let xr = rng.float32Matrix(3, 2)
        let expected = xr * w.transposed().rows(2..<4)
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(g.network(), xr), expected, rtol: 1e-12, atol: 1e-12))
    }

    @Test(arguments: [
        (Int64(13), SizesForm.input([3, 3]), 1, "do not add up to the extent 7"),
        (Int64(13), SizesForm.none, 1, "into 2 equal parts, which does not divide"),
        (Int64(17), SizesForm.numOutputs(2), 1, "'num_outputs', which opset 17 does not have"),
        (Int64(13), SizesForm.attribute([3, 4]), 1, "gives 'split' as an attribute, which opset 13 does not have"),
        (Int64(11), SizesForm.input([3, 4]), 1, "gives 'split' as input 2, which opset 11 does not have"),
        (Int64(18), SizesForm.numOutputs(3), 1, "num_outputs=3 but the node has 2 outputs"),
        (Int64(13), SizesForm.input([3, 4]), 0, "splits the batch axis 0"),
        (Int64(13), SizesForm.input([3, 4]), 2, "axis 2 is out of range for rank 2"),
        (Int64(13), SizesForm.input([0, 7]), 1, "part 1 of the sizes [0, 7] along axis 1 is empty"),
    ])
    func refusalsNameTheNode(opset: Int64, sizes: SizesForm, axis: Int, message: String) throws {
        var rng = SeededGenerator(seed: 1314)
        let (g, _) = Self.splitGraph(opset: opset, sizes: sizes, parts: 2, axis: axis, widths: [3, 4], rng: &rng)
        let error = try #require(throws: FormatError.self) { try g.network() }
        #expect(error.description.contains("node 'splitter' (Split)"), "\(error)")
        #expect(error.description.contains(message), "\(error)")
    }

    /// A second output of a single-output operator is still refused with its producer named.
    @Test func secondOutputOfOtherOperatorsIsRefused() throws {
        var g = ONNXTestGraph(features: 2)
        g.node("Dropout", ["x"], ["d", "mask"])
        g.node("Identity", ["mask"], ["y"])
        g.output("y", features: 2)
        let error = try #require(throws: FormatError.self) { try g.network() }
        #expect(error.description.contains("output 2 of node 'd_node' (Dropout); only the first output of Dropout is supported"), "\(error)")
    }

    /// A pending sigmoid splits into pending sigmoids; the halves joined again are the sigmoid head.
    @Test func sigmoidHeadSurvivesSplitAndConcat() throws {
        var rng = SeededGenerator(seed: 1315)
        var g = ONNXTestGraph(features: 4)
        g.opset = 13
        g.node("Sigmoid", ["x"], ["s"])
        var n = Onnx_NodeProto()
        n.opType = "Split"; n.name = "halves"; n.input = ["s"]; n.output = ["a", "b"]; n.attribute = [ONNXTestGraph.int("axis", 1)]
        g.nodes.append(n)
        g.node("Concat", ["b", "a"], ["y"], ONNXTestGraph.int("axis", 1))
        g.output("y", features: 4)
        let network = try g.network()
        #expect(network.output.head == .sigmoid && network.layers.isEmpty)
        let xr = rng.float32Matrix(3, 4)
        let expected = Reference.map(xr.submatrix(rows: [0, 1, 2], cols: [2, 3, 0, 1])) { 1 / (1 + exp(-$0)) }
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(network, xr), expected, rtol: 1e-12, atol: 1e-12))
    }
}

/// `SplitToSequence` + `SequenceAt` with sizes computed by `Mod` and `Tile`, as the legacy
/// exporter writes `torch.tensor_split(h, 3, dim=1)` for 8 features: 3, 3, 2.
struct ONNXImporterSequenceTests {
    @Test func tensorSplitPartsAreColumnBlocks() throws {
        var rng = SeededGenerator(seed: 1316)
        let xr = rng.float32Matrix(4, 8)
        var g = ONNXTestGraph(features: 8)
        g.opset = 13
        g.initializer("one", [1], [1], .int64Data)
        g.initializer("three_scalar", [], [3], .int64Data)
        g.initializer("one_scalar", [], [1], .int64Data)
        g.initializer("three", [1], [3], .int64Data)
        g.initializer("last", [], [-1], .int64Data)
        g.node("Shape", ["x"], ["shape"])
        g.node("Gather", ["shape", "one"], ["d"], ONNXTestGraph.int("axis", 0))
        g.node("Div", ["d", "three_scalar"], ["q"])
        g.node("Add", ["q", "one_scalar"], ["q1"])
        g.node("Mod", ["d", "three_scalar"], ["r"])
        g.node("Tile", ["q1", "r"], ["big"])
        g.node("Sub", ["three", "r"], ["rest"])
        g.node("Tile", ["q", "rest"], ["small"])
        g.node("Concat", ["big", "small"], ["sizes"], ONNXTestGraph.int("axis", 0))
        g.node("SplitToSequence", ["x", "sizes"], ["seq"], ONNXTestGraph.int("axis", 1))
        g.node("SequenceAt", ["seq", "last"], ["third"])
        g.node("SequenceAt", ["seq", "one_scalar"], ["second"])
        g.node("Concat", ["third", "second"], ["y"], ONNXTestGraph.int("axis", 1))
        g.output("y", features: 5)
        let expected = xr.submatrix(rows: Array(0..<4), cols: [6, 7, 3, 4, 5])
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(g.network(), xr), expected, rtol: 0, atol: 0))
    }

    /// Python's % for integers (the divisor's sign), C's fmod with fmod=1.
    @Test func modFollowsTheDivisorsSign() throws {
        for (fmod, expected) in [(0, [1.0, 2.0, -2.0]), (1, [1.0, -1.0, 1.0])] {
            var g = ONNXTestGraph(features: 3)
            g.initializer("a", [3], [7, -7, 7], .int64Data)
            g.initializer("b", [3], [3, 3, -3], .int64Data)
            g.node("Mod", ["a", "b"], ["m"], ONNXTestGraph.int("fmod", fmod))
            g.node("Cast", ["m"], ["mf"], ONNXTestGraph.int("to", 11))
            g.node("Add", ["x", "mf"], ["y"])
            g.output("y", features: 3)
            let xr = Matrix(rows: 1, cols: 3)
            let got = try ONNXImporterLinearTests.predictRows(g.network(), xr)
            #expect((0..<3).map { got[0, $0] } == expected, "fmod=\(fmod): \(got)")
        }
    }

    @Test func aSequenceIsReadOnlyBySequenceAt() throws {
        var g = ONNXTestGraph(features: 4)
        g.opset = 13
        g.node("SplitToSequence", ["x"], ["seq"], name: "cut", ONNXTestGraph.int("axis", 1))
        g.node("Relu", ["seq"], ["y"], name: "culprit")
        g.output("y", features: 4)
        let error = try #require(throws: FormatError.self) { try g.network() }
        #expect(error.description.contains("node 'culprit' (Relu): input 'seq' is a sequence of 4 tensors (SplitToSequence); only SequenceAt reads it"), "\(error)")
    }
}
