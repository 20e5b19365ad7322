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

    @Test func epsAddsTheBoundsSectionAndNoBoundExitsThree() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let out = dir.appendingPathComponent("mlp.html")
        let result = try ImplicitCLI.run(["report", ImplicitCLI.sample("mlp.yaml"), "-o", out.path, "--input", ImplicitCLI.sample("mlp.input.csv"),
                                          "--eps", "0.05", "--clip", "-3,3"])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        let page = try String(contentsOf: out, encoding: .utf8)
        #expect(page.contains("<section id=\"bounds\">") && page.contains("Certified: ") && page.contains("clipped to [−3, 3]"))

        // Well-posed, but its cyclic component is no ∞-norm contraction: no finite sound bound.
        let model = dir.appendingPathComponent("rotation.yaml")
        try """
            kind: implicit
            input: {name: u, size: 2}
            output: {name: y, size: 1, head: none}
            states:
              - {name: z, size: 2, activation: relu}
            A:
              - {row: z, col: z, weight: [[0.5, -2.0], [2.0, 0.5]]}
            B:
              - {row: z, weight: [[1.0, 0.0], [0.0, 1.0]]}
            C:
              - {col: z, weight: [[1.0, 1.0]]}
            """.write(to: model, atomically: true, encoding: .utf8)
        let samples = dir.appendingPathComponent("u.csv")
        try "0.1,0.2\n-0.3,0.4\n".write(to: samples, atomically: true, encoding: .utf8)
        let page3 = dir.appendingPathComponent("rotation.html")
        let none = try ImplicitCLI.run(["report", model.path, "-o", page3.path, "--input", samples.path, "--eps", "0.1"])
        #expect(none.status == 3, "\(none.stderr)")
        #expect(none.stderr.hasPrefix("error: ") && none.stderr.contains("no finite bound") && none.stderr.filter { $0 == "\n" }.count == 1)
        #expect(try String(contentsOf: page3, encoding: .utf8).contains("No finite sound bound"), "the page is written and says why")

        for arguments in [["--eps", "0.1"], ["--input", samples.path, "--clip", "0,1"], ["--input", samples.path, "--eps", "-1"],
                          ["--input", samples.path, "--eps", "0.1", "--clip", "1,0"], ["--input", samples.path, "--eps", "0.1", "--clip", "5,6"]] {
            let bad = dir.appendingPathComponent("bad.html")
            let refused = try ImplicitCLI.run(["report", model.path, "-o", bad.path] + arguments)
            #expect(refused.status == 2 && refused.stderr.hasPrefix("error: "), "\(arguments): \(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: bad.path))
        }
    }
}
