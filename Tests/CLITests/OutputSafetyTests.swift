import Foundation
import ImplicitFormats
import Testing

/// Outputs are written atomically, never over an input (whatever name reaches it), and over an
/// existing file only with `--force`.
@Suite struct OutputSafetyTests {
    let dir: URL
    let model: URL

    init() throws {
        dir = try ImplicitCLI.scratchFolder()
        model = dir.appendingPathComponent("m.yaml")
        try FileManager.default.copyItem(atPath: ImplicitCLI.sample("mlp.yaml"), toPath: model.path)
    }

    private func files() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() }

    @Test func anExistingOutputNeedsForceAndStaysIntactWithout() throws {
        let out = dir.appendingPathComponent("o.pb")
        try Data("precious".utf8).write(to: out)
        let refused = try ImplicitCLI.run(["convert", model.path, "-o", out.path])
        #expect(refused.status == 2)
        #expect(refused.stderr == "error: \(out.path): already exists; use --force to overwrite it\n")
        #expect(try Data(contentsOf: out) == Data("precious".utf8))

        let forced = try ImplicitCLI.run(["convert", model.path, "-o", out.path, "--force"])
        #expect(forced.status == 0 && forced.stderr.isEmpty)
        #expect(try Data(contentsOf: out) != Data("precious".utf8))
        #expect(try files() == ["m.yaml", "o.pb"])
    }

    @Test func aFailedConversionLeavesTheExistingOutputAlone() throws {
        let out = dir.appendingPathComponent("o.onnx")
        try Data("previous result".utf8).write(to: out)
        // Valid YAML whose weight overflows float32: refused by the ONNX exporter, after reading.
        let huge = dir.appendingPathComponent("huge.yaml")
        try """
            kind: network
            input: {name: u, size: 1}
            layers: [{name: h, activation: relu, size: 1, inputs: [{from: u, weight: [[1.0e300]]}]}]
            output: {name: y, size: 1, inputs: [{from: h, weight: [[1.0]]}]}

            """.write(to: huge, atomically: true, encoding: .utf8)
        let result = try ImplicitCLI.run(["convert", huge.path, "-o", out.path, "--force"])
        #expect(result.status == 2 && result.stderr.contains("beyond float32's range"), "\(result.stderr)")
        #expect(try Data(contentsOf: out) == Data("previous result".utf8))
        #expect(try files() == ["huge.yaml", "m.yaml", "o.onnx"])
    }

    @Test func noNameReachesAnInputEvenWithForce() throws {
        let before = try Data(contentsOf: model)
        let symlink = dir.appendingPathComponent("alias.yaml")
        try FileManager.default.createSymbolicLink(at: symlink, withDestinationURL: model)
        let hardLink = dir.appendingPathComponent("hard.yaml")
        try FileManager.default.linkItem(at: model, to: hardLink)
        let dotted = dir.appendingPathComponent("sub/../m.yaml")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: false)

        for target in [model.path, symlink.path, hardLink.path, dotted.path] {
            let result = try ImplicitCLI.run(["convert", model.path, "-o", target, "--force"])
            #expect(result.status == 2 && result.stderr.contains("refusing to overwrite the input file"), "\(target): \(result.stderr)")
        }
        let data = dir.appendingPathComponent("x.csv")
        try FileManager.default.copyItem(atPath: ImplicitCLI.sample("mlp.input.csv"), toPath: data.path)
        for target in [data.path, dir.appendingPathComponent("sub/../x.csv").path] {
            let result = try ImplicitCLI.run(["predict", model.path, "--input", data.path, "-o", target, "--force"])
            #expect(result.status == 2 && result.stderr.contains("refusing to overwrite the input file"), "\(target): \(result.stderr)")
        }
        #expect(try Data(contentsOf: model) == before)
        #expect(try files() == ["alias.yaml", "hard.yaml", "m.yaml", "sub", "x.csv"])
    }

    @Test func aMissingFolderOrAFolderAsOutputIsRefused() throws {
        for target in [dir.appendingPathComponent("missing/o.yaml").path, dir.path] {
            let result = try ImplicitCLI.run(["convert", model.path, "-o", target, "--force"])
            #expect(result.status == 2 && result.stderr.hasPrefix("error: ") && result.stderr.filter { $0 == "\n" }.count == 1,
                    "\(target): \(result.stderr)")
        }
        #expect(try files() == ["m.yaml"])
    }

    @Test func maxMemoryAcceptsSizesAndRefusesNonsense() throws {
        for size in ["512M", "4G", "1.5g", "8GiB", "100000000"] {
            let result = try ImplicitCLI.run(["info", model.path, "--max-memory", size])
            #expect(result.status == 0, "\(size): \(result.stderr)")
        }
        for size in ["lots", "-1G", "4Q", ""] {
            let result = try ImplicitCLI.run(["info", model.path, "--max-memory", size])
            #expect(result.status == 2 && result.stderr.hasPrefix("error: ") && result.stderr.filter { $0 == "\n" }.count == 1,
                    "\(size): \(result.stderr)")
        }
        let tight = try ImplicitCLI.run(["info", model.path, "--max-memory", "10"])
        #expect(tight.status == 2 && tight.stderr.contains("beyond the memory limit of 10 bytes (raise it with --max-memory)"), "\(tight.stderr)")
    }

    /// The data files beside the model, `prune --verify-input` and `--inputs` (reduce, prune), are
    /// read under the same `--max-memory`: 5000 samples of the model's 4 features are 20000
    /// doubles (156.3 KiB), refused under 128 KiB, where the model itself (48–64 KiB) fits.
    @Test func dataFilesAreReadUnderTheLimit() throws {
        let samples = dir.appendingPathComponent("x.npy")
        try NPYFile.write(NumPyArray(shape: [5000, 4], storage: .float64([Double](repeating: 0.5, count: 20_000))), to: samples)
        let csv = dir.appendingPathComponent("x.csv")
        try Data(String(repeating: "0.5,0.5,0.5,0.5\n", count: 5000).utf8).write(to: csv)
        let out = dir.appendingPathComponent("p.yaml").path
        let refusal = "would need 20000 doubles (156.3 KiB), beyond the memory limit of 128 KiB (raise it with --max-memory)"
        let commands: [(args: [String], refused: String)] = [
            (["prune", model.path, "-o", out, "--verify-input", samples.path], "error: \(samples.path): shape (5000, 4) \(refusal)\n"),
            (["prune", model.path, "-o", out, "--inputs", samples.path], "error: \(samples.path): shape (5000, 4) \(refusal)\n"),
            (["reduce", model.path, "--inputs", samples.path], "error: \(samples.path): shape (5000, 4) \(refusal)\n"),
            (["predict", model.path, "--input", samples.path, "-o", dir.appendingPathComponent("y.npy").path],
             "error: \(samples.path): shape (5000, 4) \(refusal)\n"),
            // 128 KiB hold 4096 lines of 4 numbers: the next line is refused.
            (["reduce", model.path, "--inputs", csv.path], "error: \(csv.path):4097:1: the samples up to this line would need 4 doubles (32 bytes) with the 128 KiB this model already takes, beyond the memory limit of 128 KiB (raise it with --max-memory)\n"),
        ]
        for (args, refused) in commands {
            let result = try ImplicitCLI.run(args + ["--max-memory", "128K"])
            #expect(result.status == 2 && result.stderr == refused, "\(args): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
            // prune --verify-input then solves both models on the 5000 samples (4.6 MiB).
            let roomy = try ImplicitCLI.run(args + ["--max-memory", "8M"])
            #expect(roomy.status == 0, "\(args) with 8 MiB: \(roomy.stderr)")
            try? FileManager.default.removeItem(atPath: out)
        }
    }

    /// Every command that reads a model honours the limit (three once ignored it).
    @Test func everyModelReaderTakesTheLimit() throws {
        let sample = ImplicitCLI.sample("mlp.yaml")
        let out = try ImplicitCLI.scratchFolder().appendingPathComponent("r.yaml").path
        let commands: [[String]] = [
            ["info", sample], ["lint", sample], ["reduce", sample], ["prune", sample, "-o", out],
            ["convert", sample, "-o", out], ["predict", sample, "--input", ImplicitCLI.sample("mlp.input.csv"), "-o", out + ".csv"],
            ["compose", ImplicitCLI.sample("reducible.yaml"), ImplicitCLI.sample("reducible.yaml"), "--parallel", "-o", out],
        ]
        for command in commands {
            let result = try ImplicitCLI.run(command + ["--max-memory", "64"])
            #expect(result.status == 2 && result.stderr.contains("beyond the memory limit of 64 bytes"), "\(command[0]): \(result.stderr)")
            let roomy = try ImplicitCLI.run(command + ["--max-memory", "1M"] + (command.contains("-o") ? ["--force"] : []))
            #expect(roomy.status == 0, "\(command[0]) with 1 MiB: \(roomy.stderr)")
        }
    }
}
