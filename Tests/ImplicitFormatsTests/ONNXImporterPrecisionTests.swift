import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel

/// The width an ONNX file stores its weights in, which picks `predict`'s default arithmetic.
@Suite struct ONNXImporterPrecisionTests {
    static func graph(weight: ONNXTestGraph.Storage, elemType: Int32 = 1, cast: Bool = false) -> ONNXTestGraph {
        var g = ONNXTestGraph(features: 2, elemType: elemType)
        g.initializer("W", Matrix([[1, 2], [3, 4]]), weight)
        g.initializer("b", [2], [0.5, -0.5])
        g.node("Gemm", ["x", "W", "b"], ["h"], ONNXTestGraph.int("transB", 1))
        if cast {
            g.node("Cast", ["h"], ["hc"], ONNXTestGraph.int("to", 11))
            g.node("Relu", ["hc"], ["y"])
        } else {
            g.node("Relu", ["h"], ["y"])
        }
        g.output("y", features: 2, elemType: cast ? 11 : elemType)
        return g
    }

    @Test func float32OnlyWhenEveryFloatTensorIsFloat32() throws {
        #expect(try Self.graph(weight: .raw32).read().weightPrecision == .float32)
        #expect(try Self.graph(weight: .floatData).read().weightPrecision == .float32)
        #expect(try Self.graph(weight: .raw64).read().weightPrecision == .float64)
        #expect(try Self.graph(weight: .doubleData).read().weightPrecision == .float64)
        #expect(try Self.graph(weight: .raw32, elemType: 11).read().weightPrecision == .float64)
        #expect(try Self.graph(weight: .raw32, cast: true).read().weightPrecision == .float64)
    }

    @Test func loadReportsItThroughTheDispatcher() throws {
        let directory = try TemporaryDirectory()
        let f32 = directory.file("f32.onnx"), f64 = directory.file("f64.onnx")
        try Self.graph(weight: .raw32).data().write(to: f32)
        try Self.graph(weight: .raw64).data().write(to: f64)
        #expect(try ModelFile.load(f32.path).weightPrecision == .float32)
        #expect(try ModelFile.load(f64.path).weightPrecision == .float64)
        #expect(try ModelFile.load(data: Data(contentsOf: f32), format: .onnx, file: "f32.onnx").weightPrecision == .float32)
        let model = try ModelFile.load(f32.path).document.implicitModel()
        #expect(WeightPrecision.float32.defaultArithmetic(for: model) == .float32)
        #expect(WeightPrecision.float64.defaultArithmetic(for: model) == .float64)
    }
}
