import Foundation
import Testing

/// `implicit predict --precision float32` through the built binary: float32 rounding of the
/// float64 answer on feedforward models, a one-line refusal on cyclic ones.
@Suite struct PredictPrecisionTests {
    static func rows(_ text: String) -> [[Double]] {
        text.split(separator: "\n").map { $0.split(separator: ",").compactMap { Double($0) } }
    }

    @Test func float32MatchesFloat64ToFloatRounding() throws {
        for name in ["mlp", "skip", "mixed"] {
            let args = ["predict", ImplicitCLI.sample("\(name).yaml"), "--input", ImplicitCLI.sample("\(name).input.csv"), "--raw"]
            let exact = try ImplicitCLI.run(args)
            let fast = try ImplicitCLI.run(args + ["--precision", "float32"])
            #expect(exact.status == 0 && fast.status == 0, "\(name): \(fast.stderr)")
            let a = Self.rows(exact.stdout), b = Self.rows(fast.stdout)
            #expect(a.count == b.count && !a.isEmpty)
            // The flag took effect: float32 rounding shows somewhere in the printed digits.
            #expect(a != b, "\(name): float32 output identical to float64")
            for (x, y) in zip(a, b) {
                #expect(x.count == y.count)
                for (u, v) in zip(x, y) { #expect(abs(u - v) <= 1e-5 * max(1, abs(u)), "\(name)") }
            }
        }
    }

    /// A float32 ONNX model (our exporter writes float32 initializers) runs the float32 plan by
    /// default; `--precision float64` is the exact path, and the two differ by float32 rounding.
    @Test func float32OnnxDefaultsToFloat32() throws {
        let folder = try ImplicitCLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let onnx = folder.appendingPathComponent("mlp.onnx").path
        let converted = try ImplicitCLI.run(["convert", ImplicitCLI.sample("mlp.yaml"), "-o", onnx])
        #expect(converted.status == 0, "\(converted.stderr)")
        let input = ImplicitCLI.sample("mlp.input.csv")
        let auto = try ImplicitCLI.run(["predict", onnx, "--input", input, "--raw", "--verbose"])
        let forced = try ImplicitCLI.run(["predict", onnx, "--input", input, "--raw", "--precision", "float32"])
        let exact = try ImplicitCLI.run(["predict", onnx, "--input", input, "--raw", "--precision", "float64", "--verbose"])
        #expect(auto.status == 0 && forced.status == 0 && exact.status == 0, "\(auto.stderr)\(exact.stderr)")
        #expect(auto.stderr.contains("float32 arithmetic (auto: weights stored as float32)"), "\(auto.stderr)")
        #expect(exact.stderr.contains("float64 arithmetic") && !exact.stderr.contains("auto"), "\(exact.stderr)")
        #expect(auto.stdout == forced.stdout)
        let a = Self.rows(exact.stdout), b = Self.rows(auto.stdout)
        #expect(a.count == b.count && !a.isEmpty && a != b)
        for (x, y) in zip(a, b) {
            for (u, v) in zip(x, y) { #expect(abs(u - v) <= 1e-5 * max(1, abs(u))) }
        }
        // The exact path of the ONNX file is the YAML model's float64 evaluation of the
        // float32-rounded weights: within float32 rounding of the YAML's own, not equal to it.
        let info = try ImplicitCLI.run(["info", onnx])
        #expect(info.stdout.contains("weights float32 in the file; predict runs float32 arithmetic by default"), "\(info.stdout)")
        let yamlInfo = try ImplicitCLI.run(["info", ImplicitCLI.sample("mlp.yaml"), "--json"])
        #expect(yamlInfo.stdout.contains("\"predictPrecision\" : \"float64\"") && yamlInfo.stdout.contains("\"weightPrecision\" : \"float64\""),
                "\(yamlInfo.stdout)")
        // Defaults of float64 files are unchanged: YAML predicts in float64 without a flag.
        let yaml = try ImplicitCLI.run(["predict", ImplicitCLI.sample("mlp.yaml"), "--input", input, "--raw", "--verbose"])
        #expect(yaml.stderr.contains("float64 arithmetic (auto: weights stored as float64)"), "\(yaml.stderr)")
    }

    @Test func cyclicModelsAreRefused() throws {
        let result = try ImplicitCLI.run(["predict", ImplicitCLI.sample("implicit.yaml"), "--input",
                                          ImplicitCLI.sample("implicit.input.csv"), "--precision", "float32"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains("cyclic"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
