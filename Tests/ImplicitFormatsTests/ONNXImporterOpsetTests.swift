import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// Operators whose parameters moved from attributes to inputs (the ONNX changelog): the same
/// graph written at the opset before and after the move reads as the same network, and a node
/// that uses the other form is refused. Values are checked against direct computations.
struct ONNXImporterOpsetTests {
    static func ints(_ name: String, _ values: [Int]) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .ints
        a.ints = values.map { Int64($0) }
        return a
    }

    /// x (N, 4) → Unsqueeze(axes [2]) → (N, 4, 1) → Squeeze(axes [2]) → (N, 4) → MatMul W → y,
    /// with the axes as attributes before `movedAt` and as inputs from it on.
    static func squeezeGraph(opset: Int64, axesAsInput: Bool, w: Matrix) -> ONNXTestGraph {
        var g = ONNXTestGraph(features: 4)
        g.opset = opset
        g.initializer("W", w)
        if axesAsInput {
            g.initializer("axes", [1], [2], .int64Data)
            g.node("Unsqueeze", ["x", "axes"], ["u"], name: "unsqueeze")
            g.node("Squeeze", ["u", "axes"], ["s"], name: "squeeze")
        } else {
            g.node("Unsqueeze", ["x"], ["u"], name: "unsqueeze", ints("axes", [2]))
            g.node("Squeeze", ["u"], ["s"], name: "squeeze", ints("axes", [2]))
        }
        g.node("MatMul", ["s", "W"], ["y"], name: "out")
        g.output("y", features: 3)
        return g
    }

    @Test func squeezeAndUnsqueezeReadTheirAxesWhereTheOpsetPutsThem() throws {
        var rng = SeededGenerator(seed: 41)
        let w = rng.float32Matrix(4, 3), xr = rng.float32Matrix(5, 4)
        let before = try Self.squeezeGraph(opset: 11, axesAsInput: false, w: w).network()
        let after = try Self.squeezeGraph(opset: 13, axesAsInput: true, w: w).network()
        #expect(before == after)
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(after, xr), xr * w, rtol: 1e-12, atol: 1e-12))
        #expect { try Self.squeezeGraph(opset: 13, axesAsInput: false, w: w).network() } throws: {
            "\($0)".contains("node 'unsqueeze' (Unsqueeze): gives 'axes' as an attribute, which opset 13 does not have")
        }
        #expect { try Self.squeezeGraph(opset: 11, axesAsInput: true, w: w).network() } throws: {
            "\($0)".contains("gives 'axes' as input 2, which opset 11 does not have")
        }
    }

    /// x (N, 2, 3) → ReduceMean over axis 2 (keepdims 0) → (N, 2) → MatMul W.
    static func reduceMeanGraph(opset: Int64, w: Matrix) -> ONNXTestGraph {
        var g = ONNXTestGraph(features: 6)
        g.inputs = [ONNXTestGraph.valueInfo("x", dims: [.dimParam("N"), .dimValue(2), .dimValue(3)])]
        g.opset = opset
        g.initializer("W", w)
        if opset >= 18 {
            g.initializer("axes", [1], [-1], .int64Data)
            g.node("ReduceMean", ["x", "axes"], ["m"], name: "mean", ONNXTestGraph.int("keepdims", 0))
        } else {
            g.node("ReduceMean", ["x"], ["m"], name: "mean", ints("axes", [-1]), ONNXTestGraph.int("keepdims", 0))
        }
        g.node("MatMul", ["m", "W"], ["y"], name: "out")
        g.output("y", features: 2)
        return g
    }

    @Test func reduceMeanAveragesTheReducedAxisAtOpsets17And18() throws {
        var rng = SeededGenerator(seed: 42)
        let w = rng.float32Matrix(2, 2), xr = rng.float32Matrix(4, 6)  // samples (2, 3) flattened in C order
        var means = Matrix(rows: 4, cols: 2)
        for i in 0..<4 { for c in 0..<2 { means[i, c] = (0..<3).reduce(0) { $0 + xr[i, 3 * c + $1] } / 3 } }
        for opset in [Int64(17), 18] {
            let network = try Self.reduceMeanGraph(opset: opset, w: w).network()
            #expect(network.input.shape == [2, 3])
            #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(network, xr), means * w, rtol: 1e-12, atol: 1e-12))
        }
    }

    @Test func reduceMeanOverTheBatchIsRefused() throws {
        var g = ONNXTestGraph(features: 3)
        g.opset = 18
        g.node("ReduceMean", ["x"], ["y"], name: "everything")
        g.output("y", features: 1)
        #expect { try g.network() } throws: { "\($0)".contains("node 'everything' (ReduceMean): ReduceMean without axes reduces the batch axis") }
    }

    @Test func sliceReadsAttributesBeforeOpset10AndInputsFromIt() throws {
        var rng = SeededGenerator(seed: 43)
        let w = rng.float32Matrix(2, 3), xr = rng.float32Matrix(5, 4)
        var old = ONNXTestGraph(features: 4)
        old.opset = 9
        old.initializer("W", w)
        old.node("Slice", ["x"], ["s"], name: "cut", Self.ints("starts", [1]), Self.ints("ends", [3]), Self.ints("axes", [1]))
        old.node("MatMul", ["s", "W"], ["y"])
        old.output("y", features: 3)
        var new = ONNXTestGraph(features: 4)
        new.opset = 13
        new.initializer("W", w)
        new.initializer("starts", [1], [1], .int64Data)
        new.initializer("ends", [1], [3], .int64Data)
        new.initializer("axes", [1], [1], .int64Data)
        new.node("Slice", ["x", "starts", "ends", "axes"], ["s"], name: "cut")
        new.node("MatMul", ["s", "W"], ["y"])
        new.output("y", features: 3)
        #expect(try old.network() == new.network())
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(new.network(), xr), xr.columns(1..<3) * w, rtol: 1e-12, atol: 1e-12))
    }

    /// tf2onnx's style: MatMul with a (K, N) weight that is a Transpose of a constant, Add of the
    /// bias, Identity chains, and a Transpose pair around the data.
    @Test func tf2onnxStyleTransposesAndIdentityChains() throws {
        var rng = SeededGenerator(seed: 44)
        let w = rng.float32Matrix(4, 3), b = rng.float32Vector(3), xr = rng.float32Matrix(6, 4)
        var g = ONNXTestGraph(input: "input_1", features: 4)
        g.initializer("kernel_t", w.transposed())                 // stored (N, K)
        g.initializer("bias", [3], b)
        g.node("Transpose", ["kernel_t"], ["kernel"], name: "kernel/transpose", Self.ints("perm", [1, 0]))
        g.node("Identity", ["input_1"], ["i1"])
        g.node("Identity", ["i1"], ["i2"])
        g.node("Transpose", ["i2"], ["xt"], name: "to_columns")   // (4, N)
        g.node("Transpose", ["xt"], ["xr"], name: "to_rows")      // default perm reverses
        g.node("MatMul", ["xr", "kernel"], ["m"], name: "dense/MatMul")
        g.node("Add", ["m", "bias"], ["a"], name: "dense/BiasAdd")
        g.node("Relu", ["a"], ["r"], name: "dense/Relu")
        g.node("Identity", ["r"], ["Identity:0"])
        g.output("Identity:0", features: 3)
        let expected = Reference.relu(Reference.addRow(xr * w, b))
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(g.network(), xr), expected, rtol: 1e-12, atol: 1e-12))
    }

    @Test func transposeOfAConstantFoldsAnyRank() throws {
        let c = ONNXConstant(dims: [2, 3, 2], values: (0..<12).map(Double.init), dataType: ONNXDataType.float)
        let t = c.permuted([2, 0, 1])
        #expect(t.dims == [2, 2, 3])
        // NumPy: np.arange(12).reshape(2, 3, 2).transpose(2, 0, 1).ravel()
        #expect(t.values == [0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11])
    }

    @Test func reshapeAllowZeroTakesZeroLiterally() throws {
        func graph(allowZero: Int) -> ONNXTestGraph {
            var g = ONNXTestGraph(features: 4)
            g.opset = 14
            g.initializer("shape", [2], [0, -1], .int64Data)
            g.node("Reshape", ["x", "shape"], ["y"], name: "reshape", ONNXTestGraph.int("allowzero", allowZero))
            g.output("y", features: 4)
            return g
        }
        // allowzero = 0: the 0 copies the batch extent; allowzero = 1: a literal 0 extent.
        #expect(try graph(allowZero: 0).network().output.size == 4)
        #expect { try graph(allowZero: 1).network() } throws: { "\($0)".contains("node 'reshape' (Reshape)") }
    }

    @Test func opsetsBefore7AndIRVersionsBefore3AreRefused() throws {
        var g = ONNXTestGraph(features: 2)
        g.node("Relu", ["x"], ["y"])
        g.output("y", features: 2)
        g.opset = 6
        #expect { try g.network() } throws: { "\($0)".contains("imports opset 6 of the default operator set; the importer reads opsets 7 and later") }
        g.opset = 7
        #expect(try g.network().layers.count == 1)
        var model = g.model()
        model.irVersion = 2
        #expect { try ONNXImporter(file: "old.onnx").read(model.serializedBytes()) } throws: { "\($0)".contains("IR version 2 predates") }
    }
}
