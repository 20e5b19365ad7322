import Foundation
import Testing
import ImplicitFormats
import Linalg

/// `implicit bounds` and `implicit certify`: input-set forms, outputs, JSON and exit statuses.
@Suite struct BoundsCommandTests {
    /// Writes the mlp sample's inputs (5 rows of 4) as .npy into `dir`.
    static func samples(in dir: URL) throws -> String {
        let x = try DataFile.read(ImplicitCLI.sample("mlp.input.csv"))
        let path = dir.appendingPathComponent("x.npy").path
        try DataFile.write(x, to: path, inputs: [], force: false)
        return path
    }

    @Test func boundsWriteAnArchiveTheJSONAgreesWith() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let x = try Self.samples(in: dir), out = dir.appendingPathComponent("b.npz").path
        let result = try ImplicitCLI.run(["bounds", ImplicitCLI.sample("mlp.yaml"), "--input", x, "--eps", "0.05",
                                          "-o", out, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["rows"] as? Int == 5 && report["outputs"] as? Int == 3)
        #expect(report["applied"] as? [String] == ["ibp", "crown"])
        let archive = try NPZFile.read(URL(fileURLWithPath: out))
        let lower = try #require(archive["lower"]), upper = try #require(archive["upper"])
        #expect(lower.shape == [5, 3] && upper.shape == [5, 3])
        // Foundation's JSON reader may round the last digit differently from NumPy's bytes.
        let jsonLower = try #require((report["lower"] as? [[Double]])?.flatMap { $0 })
        #expect(zip(lower.doubles ?? [], jsonLower).allSatisfy { abs($0 - $1) <= 4 * Double.ulpOfOne * max(1, abs($0)) })
        #expect(jsonLower.count == 15)
        #expect(zip(lower.doubles ?? [], upper.doubles ?? []).allSatisfy { $0 < $1 })
    }

    @Test func boxStartingWithAMinusParsesAndTheSummaryNamesTheMethod() throws {
        let result = try ImplicitCLI.run(["bounds", ImplicitCLI.sample("skip.yaml"), "--box", "-1,1", "--method", "ibp"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1 row × 2 outputs, method ibp (ibp)"))
        #expect(result.stdout.contains("width: mean"))
    }

    @Test func cyclicModelsExitThreeForIBPAndAreBoundedByTheEmbedding() throws {
        let ibp = try ImplicitCLI.run(["bounds", ImplicitCLI.sample("implicit.yaml"), "--box", "-1,1", "--method", "ibp"])
        #expect(ibp.status == 3 && ibp.stdout.isEmpty)
        #expect(ibp.stderr.hasPrefix("error: ") && ibp.stderr.contains("no finite bound") && ibp.stderr.contains("'z'"))
        let crown = try ImplicitCLI.run(["bounds", ImplicitCLI.sample("implicit.yaml"), "--box", "-1,1", "--method", "crown"])
        #expect(crown.status == 3 && crown.stderr.contains("component {z} is cyclic"))
        let auto = try ImplicitCLI.run(["bounds", ImplicitCLI.sample("implicit.yaml"), "--box", "-1,1"])
        #expect(auto.status == 0 && auto.stdout.contains("(ibp ∩ embedding)"), "\(auto.stderr)")
    }

    @Test(arguments: [
        (["--box", "1,0"], "lo must not exceed hi"),
        (["--box", "0,1", "--eps", "0.1"], "give one input set"),
        (["--eps=-1", "--input", "x.npy"], "--eps must be a non-negative number"),
        (["--box", "0,1", "--clip", "0,1"], "--clip applies to --input"),
        (["--lower", "lo.npy"], "--lower and --upper go together"),
        (["--box", "0,1", "-o", "b.npy"], "-o writes an .npz archive"),
    ])
    func badUsageExitsTwo(arguments: [String], message: String) throws {
        let dir = try ImplicitCLI.scratchFolder()
        let result = try ImplicitCLI.run(["bounds", ImplicitCLI.sample("mlp.yaml")] + arguments, in: dir)
        #expect(result.status == 2 && result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func wrongWidthAndShapeNameTheFile() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let lo = dir.appendingPathComponent("lo.npy"), hi = dir.appendingPathComponent("hi.npy")
        try NPYFile.write(NumPyArray(vector: [0, 0]), to: lo)
        try NPYFile.write(NumPyArray(vector: [1, 1]), to: hi)
        let result = try ImplicitCLI.run(["bounds", ImplicitCLI.sample("mlp.yaml"), "--lower", lo.path, "--upper", hi.path,
                                          "-o", dir.appendingPathComponent("b.npz").path])
        #expect(result.status == 2 && result.stderr.contains("lo.npy") && result.stderr.contains("4 features"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("b.npz").path))
    }

    @Test func certifyCountsAndRefusesBadLabels() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let x = try Self.samples(in: dir)
        let predicted = try ImplicitCLI.run(["predict", ImplicitCLI.sample("mlp.yaml"), "--input", x, "--raw"])
        let labels = predicted.stdout.split(separator: "\n").map { line -> Double in
            let values = line.split(separator: ",").compactMap { Double($0) }
            return Double(values.indices.max { values[$0] < values[$1] } ?? 0)
        }
        let y = dir.appendingPathComponent("y.npy")
        try NPYFile.write(NumPyArray(vector: labels), to: y)
        let result = try ImplicitCLI.run(["certify", ImplicitCLI.sample("mlp.yaml"), "--input", x, "--labels", y.path,
                                          "--eps", "0.001", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["correct"] as? Int == 5 && report["count"] as? Int == 5)
        let rows = try #require(report["rows"] as? [[String: Any]])
        #expect(rows.count == 5 && rows.allSatisfy { $0["certified"] is Bool && $0["lowestMarginBound"] is Double })
        let text = try ImplicitCLI.run(["certify", ImplicitCLI.sample("mlp.yaml"), "--input", x, "--labels", y.path, "--eps", "0.001"])
        #expect(text.stdout.contains("clean accuracy 100.00% (5/5)") && text.stdout.contains("certified accuracy"))

        try NPYFile.write(NumPyArray(vector: [0, 1, 7, 0, 0]), to: y, force: true)
        let bad = try ImplicitCLI.run(["certify", ImplicitCLI.sample("mlp.yaml"), "--input", x, "--labels", y.path, "--eps", "0.01"])
        #expect(bad.status == 2 && bad.stderr.contains("y.npy") && bad.stderr.contains("row 2 has label 7"))
    }
}
