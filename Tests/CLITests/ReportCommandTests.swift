import Foundation
import Testing

/// `implicit report` through the built binary: where it writes, what it refuses.
@Suite struct ReportCommandTests {
    @Test func withoutOutputItWritesTheStemReportInTheCurrentDirectory() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let result = try ImplicitCLI.run(["report", ImplicitCLI.sample("mlp.yaml"), "--input", ImplicitCLI.sample("mlp.input.csv")], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let page = try String(contentsOf: dir.appendingPathComponent("mlp.report.html"), encoding: .utf8)
        #expect(page.contains("<section id=\"activations\">"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["mlp.report.html"], "no temporary file left")

        let again = try ImplicitCLI.run(["report", ImplicitCLI.sample("mlp.yaml")], in: dir)
        #expect(again.status == 2 && again.stderr.hasPrefix("error: ") && again.stderr.contains("--force"))
        #expect(try ImplicitCLI.run(["report", ImplicitCLI.sample("mlp.yaml"), "--force"], in: dir).status == 0)
    }

    @Test func badInputsAreOneLineExitTwoAndNoFile() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let out = dir.appendingPathComponent("r.html").path
        // implicit.input.csv has 2 features; mlp.yaml takes 4.
        let cases: [[String]] = [
            ["report", ImplicitCLI.sample("mlp.yaml"), "-o", out, "--input", ImplicitCLI.sample("implicit.input.csv")],
            ["report", ImplicitCLI.sample("mlp.yaml"), "-o", out, "--svd-limit", "-1"],
            ["report", dir.appendingPathComponent("missing.yaml").path, "-o", out],
            ["report", ImplicitCLI.sample("mlp.yaml"), "-o", ImplicitCLI.sample("mlp.yaml"), "--force"],
        ]
        for arguments in cases {
            let result = try ImplicitCLI.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.hasPrefix("error: ") && result.stderr.filter { $0 == "\n" }.count == 1, "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        #expect(try ImplicitCLI.run(["lint", ImplicitCLI.sample("mlp.yaml")]).status == 0, "the model refused as output is intact")
    }
}
