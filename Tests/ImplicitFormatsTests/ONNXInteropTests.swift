import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel

/// Runs on the models `Tests/Interop/make_models.py DIR` writes when `IMPLICITKIT_INTEROP_DIR`
/// names that folder (skipped otherwise): every model is imported and its predictions compared
/// with onnxruntime's (rtol 1e-4, atol 1e-5, docs/formats.md "Verification against onnx and
/// onnxruntime": float32 arithmetic in onnxruntime against float64 here), then exported to
/// `DIR/exported/NAME.onnx` (and through `.pb` back to ONNX, `NAME.via-pb.onnx`) for
/// `scripts/check-onnx-export.py` to verify with onnx's checker and onnxruntime.
struct ONNXInteropTests {
    static let directory = ProcessInfo.processInfo.environment["IMPLICITKIT_INTEROP_DIR"]

    struct Entry: Decodable {
        let name: String
        let file: String
        let input_file: String
        let expected_file: String
        let output_name: String
    }
    struct Manifest: Decodable {
        let models: [Entry]
    }

    @Test(.enabled(if: directory != nil, "set IMPLICITKIT_INTEROP_DIR to a make_models.py folder"))
    func generatedModelsMatchOnnxruntime() throws {
        let dir = URL(fileURLWithPath: try #require(ONNXInteropTests.directory))
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: dir.appendingPathComponent("manifest.json")))
        let out = dir.appendingPathComponent("exported")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        for entry in manifest.models {
            let path = dir.appendingPathComponent(entry.file).path
            let imported = try ONNXImporter(file: path).read(Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(imported.outputName == entry.output_name, "\(entry.name)")
            let x = try TestNPY.read(dir.appendingPathComponent(entry.input_file))
            let expected = try TestNPY.read(dir.appendingPathComponent(entry.expected_file))
            let y = try imported.network.forward(x)
            #expect(TestTolerance.close(y, expected, rtol: 1e-4, atol: 1e-5), "\(entry.name): \(TestTolerance.worst(y, expected))")

            let model = try ImplicitModel(assembling: imported.network)
            #expect(TestTolerance.close(try model.predict(x), expected, rtol: 1e-4, atol: 1e-5), "\(entry.name) (implicit form)")
            let exported = try ONNXExporter().export(model)
            try exported.write(to: out.appendingPathComponent("\(entry.name).onnx"))
            let back = try ONNXImporter(file: entry.name).read(exported)
            #expect(TestTolerance.close(try back.network.forward(x), expected, rtol: 1e-4, atol: 1e-5), "\(entry.name) (re-imported)")

            let pb = try ProtobufModelWriter().binary(.network(imported.network), file: "x.pb")
            let viaPB = try ProtobufModelReader(file: "x.pb").read(binary: pb).implicitModel()
            try ONNXExporter().export(viaPB).write(to: out.appendingPathComponent("\(entry.name).via-pb.onnx"))
        }
    }

    /// Contractive cyclic models (and one with a constant block, an identity block and a state
    /// named like the input) exported as unrolled Picard iterations, with Swift's own
    /// predictions (the fixed point solved in float64) for the script to compare against:
    /// `exported/NAME.onnx` and `exported/NAME.json` ({input_name, output_name, x, expected},
    /// rows are samples).
    @Test(.enabled(if: directory != nil, "set IMPLICITKIT_INTEROP_DIR to a make_models.py folder"))
    func implicitModelExportsForOnnxruntime() throws {
        let out = URL(fileURLWithPath: try #require(ONNXInteropTests.directory)).appendingPathComponent("exported")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        var tanh = ImplicitModel.Builder(try ONNXExporterTests.cyclicModel(scale: 0.3))
        tanh.states[2].map = .elementwise(.tanh)
        let uniform = try tanh.build()
        for (name, model) in [("cyclic_mixed", try ONNXExporterTests.cyclicModel(scale: 0.3)), ("cyclic_uniform", uniform),
                            ("corner_constant_identity", try ONNXExporterCornerTests.cornerModel())] {
            try ONNXExporter().export(model).write(to: out.appendingPathComponent("\(name).onnx"))
            let x = ONNXExporterTests.samples(model.input.size, 16)
            let y = try model.predict(x)
            let record: [String: Any] = ["input_name": model.input.name, "output_name": model.output.name,
                                         "x": x.transposed().nestedRows, "expected": y.transposed().nestedRows]
            try JSONSerialization.data(withJSONObject: record).write(to: out.appendingPathComponent("\(name).json"))
        }
    }
}
