import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel

/// Failures name the file, the node and its operator, and say why.
struct ONNXImporterErrorTests {
    @Test func unsupportedOperatorListsTheSupportedOnes() throws {
        var g = ONNXTestGraph(features: 3)
        g.initializer("W1", [3, 4], [Double](repeating: 0.5, count: 12))
        g.node("Gemm", ["x", "W1"], ["g1"], name: "gemm1")
        g.node("Sin", ["g1"], ["s1"], name: "sine_layer")
        g.node("Relu", ["s1"], ["y"])
        g.output("y", features: 4)
        let error = try #require(throws: FormatError.self) { try g.network() }
        #expect(error.description.hasPrefix("test.onnx: node 'sine_layer' (Sin): operator Sin is not supported; supported operators: Abs, Add, BatchNormalization, Cast, Celu, Clip, Concat, Constant,"))
        #expect(!error.description.contains("\n"))
        #expect(ONNXImporter.supportedOperators.count == 50)
        #expect(["ReduceMean", "Squeeze", "Transpose", "Unsqueeze", "Gelu", "PRelu", "Where", "LayerNormalization"].allSatisfy(ONNXImporter.supportedOperators.contains))
        #expect(["Split", "Shape", "Gather", "ConstantOfShape", "Expand", "Tile", "SplitToSequence", "SequenceAt", "Mod"].allSatisfy(ONNXImporter.supportedOperators.contains))
    }

    @Test func weightsGivenAsGraphInputsAreNamed() throws {
        var g = ONNXTestGraph(features: 3)
        g.inputs.append(ONNXTestGraph.valueInfo("fc.weight", dims: [.dimValue(4), .dimValue(3)]))
        g.node("Gemm", ["x", "fc.weight"], ["y"], name: "/fc/Gemm", ONNXTestGraph.int("transB", 1))
        g.output("y", features: 4)
        let error = try #require(throws: FormatError.self) { try g.network() }
        #expect(error.description.contains("node '/fc/Gemm' (Gemm): the weight B 'fc.weight' is a graph input, not an initializer"))
    }

    @Test func initializerListedAsInputIsAConstant() throws {
        // IR < 4 files list every initializer among the graph inputs too.
        var g = ONNXTestGraph(features: 2)
        g.initializer("W", [2, 2], [1, 2, 3, 4])
        g.inputs.append(ONNXTestGraph.valueInfo("W", dims: [.dimValue(2), .dimValue(2)]))
        g.node("MatMul", ["x", "W"], ["y"])
        g.output("y", features: 2)
        #expect(try g.network().output.terms.count == 1)
    }

    @Test func badTensorsAndInputs() throws {
        var g = ONNXTestGraph(features: 2)
        var w = ONNXTestGraph.tensor("W", [2, 2], [1, 2, 3, 4], .raw32)
        w.rawData.removeLast()
        g.initializers = [w]
        g.node("MatMul", ["x", "W"], ["y"])
        g.output("y", features: 2)
        let error = try #require(throws: FormatError.self) { try g.network() }
        #expect(error.description.contains("initializer 'W': raw_data has 15 bytes, expected 4 elements × 4 bytes"))

        var huge = ONNXTestGraph(features: 2)
        var t = ONNXTestGraph.tensor("W", [2, 2], [1, 2, 3, 4])
        t.dims = [1 << 40, 1 << 40]
        huge.initializers = [t]
        huge.node("MatMul", ["x", "W"], ["y"])
        huge.output("y", features: 2)
        #expect(throws: FormatError.self) { try huge.network() }

        let ints = ONNXTestGraph(features: 2, elemType: 7)
        let inputError = try #require(throws: FormatError.self) { try ints.network() }
        #expect(inputError.description == "test.onnx: input 'x': has element type INT64; only FLOAT and DOUBLE inputs are supported")

        #expect(throws: FormatError.self) { try ONNXImporter(file: "junk.onnx").read(Data([0xFF, 0xFF, 0xFF])) }
    }

    @Test func rawFloatAndDoubleStorageGiveTheSameNetwork() throws {
        let values = [0.5, -1.25, 3.0, 0.125, 2.5, -0.75]
        var networks: [Network] = []
        for storage in [ONNXTestGraph.Storage.raw32, .floatData, .doubleData, .raw64] {
            var g = ONNXTestGraph(features: 2)
            g.initializer("W", [2, 3], values, storage)
            g.node("MatMul", ["x", "W"], ["y"])
            g.output("y", features: 3)
            networks.append(try g.network())
        }
        #expect(networks.allSatisfy { $0 == networks[0] })
        #expect(networks[0].output.terms[0].weight == Matrix(rows: 2, cols: 3, rowMajor: values).transposed())
    }

    @Test func constantNodesSupplyWeights() throws {
        var g = ONNXTestGraph(features: 2)
        let w = ONNXTestGraph.tensor("W", [2, 2], [1, 2, 3, 4], .raw32)
        g.node("Constant", [], ["W"], ONNXTestGraph.tensorAttribute("value", w))
        g.node("Constant", [], ["s"], ONNXTestGraph.float("value_float", 0.5))
        g.node("MatMul", ["x", "W"], ["m"])
        g.node("Mul", ["m", "s"], ["y"])
        g.output("y", features: 2)
        let network = try g.network()
        #expect(network.output.terms[0].weight == Matrix([[0.5, 1.5], [1, 2]]))
    }
}
