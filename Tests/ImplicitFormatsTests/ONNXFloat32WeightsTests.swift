import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// `ReadOptions.keepsFloat32Weights` (what `convert` and `predict` read with) must change only
/// how the weights are held: the network read with it equals the one read without, every file
/// written from either is the same bytes, and both predict the same numbers in both arithmetics.
@Suite struct ONNXFloat32WeightsTests {
    /// 5 → 300 (ReLU, Gemm transB=1) → 300 (ReLU, Gemm transB=0, read transposed) → 3, float32
    /// raw data; the 300 × 300 weight is past YAML's `.npy` threshold.
    static func mlp() -> ONNXTestGraph {
        var rng = SeededGenerator(seed: 31)
        func weights(_ r: Int, _ c: Int) -> Matrix {
            Matrix(rows: r, cols: c, rowMajor: (0..<(r * c)).map { _ in Double(Float(rng.normal() * 0.1)) })
        }
        var g = ONNXTestGraph(features: 5)
        g.initializer("W1", weights(300, 5), .raw32)
        g.initializer("b1", [300], (0..<300).map { Double($0 % 7) / 8 }, .raw32)
        g.initializer("W2t", weights(300, 300), .raw32)
        g.initializer("b2", [300], (0..<300).map { -Double($0 % 5) / 4 }, .raw32)
        g.initializer("W3", weights(3, 300), .raw32)
        g.initializer("b3", [3], [0.25, -0.5, 1], .raw32)
        g.node("Gemm", ["x", "W1", "b1"], ["g1"], ONNXTestGraph.int("transB", 1))
        g.node("Relu", ["g1"], ["h1"])
        g.node("Gemm", ["h1", "W2t", "b2"], ["g2"])
        g.node("Relu", ["g2"], ["h2"])
        g.node("Gemm", ["h2", "W3", "b3"], ["y"], ONNXTestGraph.int("transB", 1))
        g.output("y", features: 3)
        return g
    }

    static func load(_ path: String, keeping: Bool) throws -> ModelFile.LoadedModel {
        try ModelFile.load(path, options: ModelFile.ReadOptions(keepsFloat32Weights: keeping))
    }

    @Test func keptWeightsAreTheSameNetwork() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("mlp.onnx").path
        try Self.mlp().data().write(to: URL(fileURLWithPath: file))
        let kept = try Self.load(file, keeping: true), widened = try Self.load(file, keeping: false)
        guard case .network(let a) = kept.document, case .network(let b) = widened.document else {
            Issue.record("expected networks")
            return
        }
        #expect(a == b)
        let keptWeights = a.layers.flatMap(\.terms).map(\.weight) + a.output.terms.map(\.weight)
        #expect(keptWeights.allSatisfy { $0.storage == .float32 })
        #expect(keptWeights.map(\.layout) == [.rowMajor, .columnMajor, .rowMajor])
        let widenedWeights = b.layers.flatMap(\.terms).map(\.weight) + b.output.terms.map(\.weight)
        #expect(widenedWeights.allSatisfy { $0.storage == .float64 })
        #expect(kept.weightPrecision == .float32 && widened.weightPrecision == .float32)
    }

    @Test func everyFormatIsWrittenToTheSameBytes() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("mlp.onnx").path
        try Self.mlp().data().write(to: URL(fileURLWithPath: file))
        for keeping in [true, false] {
            let document = try Self.load(file, keeping: keeping).document
            let folder = directory.file(keeping ? "kept" : "widened")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
            for name in ["mlp.yaml", "mlp.pb", "mlp.txtpb", "mlp.onnx", "mlp.npz", "implicit.yaml", "implicit.pb"] {
                let form: ModelFile.Form? = name.hasPrefix("implicit") ? .implicit : nil
                try ModelFile.write(document, to: folder.appendingPathComponent(name).path, form: form, inputs: [file], force: false)
            }
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.file("kept").path).sorted()
        #expect(names == (try FileManager.default.contentsOfDirectory(atPath: directory.file("widened").path).sorted()))
        #expect(names.contains { $0.hasSuffix(".npy") })  // the 300 × 300 weight went to a .npy file
        for name in names {
            let a = try Data(contentsOf: directory.file("kept").appendingPathComponent(name))
            let b = try Data(contentsOf: directory.file("widened").appendingPathComponent(name))
            #expect(a == b, "\(name) differs")
        }
    }

    @Test func predictionsAgreeInBothArithmetics() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("mlp.onnx").path
        try Self.mlp().data().write(to: URL(fileURLWithPath: file))
        let kept = try Self.load(file, keeping: true).document.implicitModel()
        let widened = try Self.load(file, keeping: false).document.implicitModel()
        // Assembly keeps the weights as read: the float32 plan then shares them.
        let keptBlocks = [kept.a, kept.b, kept.c].flatMap { $0.blocks.values }
        #expect(keptBlocks.count == 3 && keptBlocks.allSatisfy { $0.storage == .float32 })
        #expect([widened.a, widened.b, widened.c].flatMap { $0.blocks.values }.allSatisfy { $0.storage == .float64 })
        var rng = SeededGenerator(seed: 32)
        let inputs = Matrix(rows: 5, cols: 40, columnMajor: (0..<200).map { _ in rng.normal() })
        for arithmetic in [WeightPrecision.float32, .float64] {
            var r1 = EvaluationReport(), r2 = EvaluationReport()
            let a = try kept.predict(inputs, applyHead: true, arithmetic: arithmetic, report: &r1)
            let b = try widened.predict(inputs, applyHead: true, arithmetic: arithmetic, report: &r2)
            #expect(a != nil && a == b)
        }
    }
}
