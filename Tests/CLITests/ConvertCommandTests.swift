import Foundation
import Testing

/// `implicit convert` through the built binary: files written, errors, exit statuses.
@Suite struct ConvertCommandTests {
    @Test func networkToImplicitYAMLAndBack() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let out = dir.appendingPathComponent("skip.implicit.yaml").path
        let result = try ImplicitCLI.run(["convert", ImplicitCLI.sample("skip.yaml"), "-o", out, "--form", "implicit"])
        #expect(result.status == 0 && result.stderr.isEmpty)
        let info = try ImplicitCLI.run(["info", out, "--json"])
        #expect(info.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any]
        #expect(json?["kind"] as? String == "implicit")
        #expect(json?["states"] as? Int == 12)
        #expect(json?["feedforward"] as? Bool == true)
    }

    @Test func badInputIsOneLineExitTwoAndNoFile() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let bad = dir.appendingPathComponent("bad.yaml")
        try "kind: network\ninput: {name: u, size: 2}\nlayers: [{name: h, activation: swash, bias: [0]}]\noutput: {name: y, bias: [0]}\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out.yaml")
        let result = try ImplicitCLI.run(["convert", bad.path, "-o", out.path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: \(bad.path):3:32: unknown activation 'swash'; expected relu, leaky_relu[:alpha], tanh, sigmoid, identity, gelu,"))
        #expect(result.stderr.hasSuffix(", mish\n") && result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// A name of 60000 characters makes a line that keeps the file and place at its start and
    /// the reason at its end (the case is in the malformed corpus).
    @Test func hugeNamesAreClippedInTheMiddle() throws {
        let file = ImplicitCLI.packageRoot.appendingPathComponent("Tests/CLITests/MalformedCorpus/onnx-huge-node-name.onnx").path
        let dir = try ImplicitCLI.scratchFolder()
        let result = try ImplicitCLI.run(["convert", file, "-o", dir.appendingPathComponent("out.yaml").path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: \(file): node 'wwwwwwwwww"))
        #expect(result.stderr.contains("wwwwwwwwww' (Sin): operator Sin is not supported; supported operators: Add,"))
        #expect(result.stderr.hasSuffix(", Transpose, Unsqueeze\n"))
        #expect(result.stderr.contains("characters left out"))
        #expect(result.stderr.count < 1600)
    }

    @Test func usageErrorsExitTwo() throws {
        let result = try ImplicitCLI.run(["convert", ImplicitCLI.sample("mlp.yaml")])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.filter { $0 == "\n" }.count == 1)
    }

    @Test func refusesToOverwriteInputsAndExistingFiles() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let model = dir.appendingPathComponent("m.yaml")
        try FileManager.default.copyItem(atPath: ImplicitCLI.sample("mlp.yaml"), toPath: model.path)
        let before = try Data(contentsOf: model)
        let same = try ImplicitCLI.run(["convert", model.path, "-o", model.path, "--force"])
        #expect(same.status == 2 && same.stderr.contains("refusing to overwrite the input file"))
        #expect(try Data(contentsOf: model) == before)

        let out = dir.appendingPathComponent("o.yaml")
        #expect(try ImplicitCLI.run(["convert", model.path, "-o", out.path]).status == 0)
        let again = try ImplicitCLI.run(["convert", model.path, "-o", out.path])
        #expect(again.status == 2 && again.stderr.contains("--force"))
        #expect(try ImplicitCLI.run(["convert", model.path, "-o", out.path, "--force"]).status == 0)

        let missing = try ImplicitCLI.run(["convert", model.path, "-o", dir.appendingPathComponent("nope/o.yaml").path])
        #expect(missing.status == 2 && missing.stderr.contains("does not exist"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}
