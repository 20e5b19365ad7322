import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// An image-shaped ONNX input (N, C, H, W) followed by Flatten reads as p = C·H·W and keeps its
/// sample shape through NPZ, YAML, protobuf and ONNX export; data files may hold (m, C, H, W) samples.
@Suite struct ImageInputTests {
    /// x (N, 2, 2, 3) → Flatten → MatMul W (12 × 2) → y.
    static func graph(_ w: Matrix) -> ONNXTestGraph {
        var g = ONNXTestGraph(features: 12)
        g.inputs = [ONNXTestGraph.valueInfo("x", dims: [.dimParam("N"), .dimValue(2), .dimValue(2), .dimValue(3)])]
        g.initializer("W", w)
        g.node("Flatten", ["x"], ["f"], name: "flatten")
        g.node("MatMul", ["f", "W"], ["y"], name: "out")
        g.output("y", features: 2)
        return g
    }

    @Test func theSampleShapeSurvivesNPZAndONNX() throws {
        var rng = SeededGenerator(seed: 51)
        let network = try Self.graph(rng.float32Matrix(12, 2)).network()
        #expect(network.input == Port(name: "x", size: 12, shape: [2, 2, 3]))
        let directory = try TemporaryDirectory()
        let npz = directory.file("m.npz").path, onnx = directory.file("m.onnx").path
        try ModelFile.write(.network(network), to: npz, inputs: [], force: false)
        let fromNPZ = try ModelFile.read(npz).implicitModel()
        #expect(fromNPZ.input.shape == [2, 2, 3])
        try ModelFile.write(.implicit(fromNPZ), to: onnx, inputs: [], force: false)
        let proto = try Onnx_ModelProto(serializedBytes: try Data(contentsOf: URL(fileURLWithPath: onnx)))
        let dims = proto.graph.input[0].type.tensorType.shape.dim.map { dim -> String in
            if case .dimValue(let v)? = dim.value { return "\(v)" }
            if case .dimParam(let p)? = dim.value { return p }
            return "?"
        }
        #expect(dims == ["N", "2", "2", "3"])
        #expect(proto.graph.node.first?.opType == "Flatten" && proto.graph.node.first?.input == ["x"])
        #expect(try ModelFile.read(onnx).implicitModel().input.shape == [2, 2, 3])
    }

    @Test(arguments: [ModelFormat.yaml, .protobufBinary, .protobufText])
    func theSampleShapeSurvivesYAMLAndProtobuf(_ format: ModelFormat) throws {
        var rng = SeededGenerator(seed: 53)
        let network = try Self.graph(rng.float32Matrix(12, 2)).network()
        let model = try ImplicitModel(assembling: network)
        let directory = try TemporaryDirectory()
        let networkFile = directory.file("n.\(format.rawValue)").path, modelFile = directory.file("m.\(format.rawValue)").path
        try ModelFile.write(.network(network), to: networkFile, inputs: [], force: false)
        try ModelFile.write(.implicit(model), to: modelFile, inputs: [], force: false)
        guard case .network(let back) = try ModelFile.load(networkFile).document else { Issue.record("not a network"); return }
        #expect(back.input == Port(name: "x", size: 12, shape: [2, 2, 3]))
        #expect(try ModelFile.read(modelFile).implicitModel().input.shape == [2, 2, 3])
    }

    @Test func aYAMLShapeMustDescribeTheInputs() throws {
        for shape in ["[5, 5]", "[12]", "[0, 12]", "[2, -6]"] {
            let text = """
            kind: implicit
            input: {name: u, size: 12, shape: \(shape)}
            output: {name: y, size: 1}
            states:
              - {name: x, size: 1, activation: relu}
            """
            #expect(throws: FormatError.self) { try ModelFile.load(data: Data(text.utf8), format: .yaml, file: "m.yaml") }
        }
    }

    @Test func anNPZInputShapeMustDescribeTheInputs() throws {
        var rng = SeededGenerator(seed: 52)
        let model = try ImplicitModel(assembling: try Self.graph(rng.float32Matrix(12, 2)).network())
        // A shape that does not multiply to the input size cannot make a model, so no file can
        // be written with it.
        var wrong = ImplicitModel.Builder(model)
        wrong.input.shape = [5, 5]
        #expect(throws: ModelError.shapeMismatch(what: "the input's sample shape", expected: "extents multiplying to 12", found: "[5, 5]")) {
            try wrong.build()
        }
    }

    @Test func dataFilesTakeSamplesOfTheModelsShape() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("x.npy")
        // Two samples of shape (2, 3), values 0…11 in C order: sample k holds 6k … 6k + 5.
        try NPYFile.write(NumPyArray(shape: [2, 2, 3], storage: .float64((0..<12).map(Double.init))), to: url)
        let x = try DataFile.read(url.path, sampleShape: [2, 3])
        #expect(x.rows == 6 && x.cols == 2)
        #expect(x.column(1) == [6, 7, 8, 9, 10, 11])
        #expect { try DataFile.read(url.path, sampleShape: [3, 2]) } throws: {
            "\($0)".contains("has samples of extents (2, 3), but the model's input has (3, 2) (or give (m, 6))")
        }
        #expect { try DataFile.read(url.path) } throws: { "\($0)".contains("has 3 dimensions; the model's input is a vector") }
    }
}
