import Foundation
import Testing

/// lint's Picard report and the ONNX export's unrolling use one contraction bound: a model lint
/// calls Picard-contractive exports, one it does not is refused, and predict iterates exactly
/// the former.
@Suite struct PicardAgreementTests {
    /// x = relu(A x + u) with A = [[0, a01], [a10, 0]].
    static func model(_ a01: Double, _ a10: Double, in folder: URL) throws -> String {
        let text = """
        kind: implicit
        input: {name: u, size: 2}
        output: {name: y, size: 2, head: none}
        states:
          - {name: z, size: 2, activation: relu}
        A:
          - {row: z, col: z, weight: [[0.0, \(a01)], [\(a10), 0.0]]}
        B:
          - {row: z, weight: [[1.0, 0.0], [0.0, 1.0]]}
        C:
          - {col: z, weight: [[1.0, 0.0], [0.0, 1.0]]}
        """
        let path = folder.appendingPathComponent("m\(a01)_\(a10).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func picard(_ lintJSON: String) throws -> [String: Any] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(lintJSON.utf8)) as? [String: Any])
        let components = try #require(document["components"] as? [[String: Any]])
        return try #require(components.first?["picard"] as? [String: Any])
    }

    @Test func lintAndExportAgree() throws {
        let folder = try ImplicitCLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Every row and column sum and ‖A‖₂ are 10, ρ(|A|) = √0.5: only the Perron-weighted
        // max-norm proves contraction (the solver and the exporter once refused it).
        let weighted = try Self.model(10, 0.05, in: folder)
        let lint = try ImplicitCLI.run(["lint", weighted, "--json"])
        #expect(lint.status == 0, "\(lint.stderr)")
        let report = try Self.picard(lint.stdout)
        #expect(report["contractive"] as? Bool == true && report["norm"] as? String == "weightedInf")
        let exported = folder.appendingPathComponent("weighted.onnx").path
        let convert = try ImplicitCLI.run(["convert", weighted, "-o", exported])
        #expect(convert.status == 0, "\(convert.stderr)")
        let input = folder.appendingPathComponent("u.csv").path
        try "1,2\n-1,1\n".write(toFile: input, atomically: true, encoding: .utf8)
        let predict = try ImplicitCLI.run(["predict", weighted, "--input", input, "--verbose"])
        #expect(predict.status == 0 && predict.stderr.contains("anderson"), "\(predict.stderr)")

        // ρ(|A|) = 2, I − A a P-matrix (minors 1, 1, 5): not contractive in any norm tried; export refuses, predict solves exactly.
        let expanding = try Self.model(-2, 2, in: folder)
        let lint2 = try ImplicitCLI.run(["lint", expanding, "--json"])
        #expect(try Self.picard(lint2.stdout)["contractive"] as? Bool == false)
        let refused = try ImplicitCLI.run(["convert", expanding, "-o", folder.appendingPathComponent("e.onnx").path])
        #expect(refused.status == 2 && refused.stderr.hasPrefix("error: ") && refused.stderr.contains("contract"), "\(refused.stderr)")
        let exact = try ImplicitCLI.run(["predict", expanding, "--input", input, "--verbose"])
        #expect(exact.status == 0 && exact.stderr.contains("active set"), "\(exact.stderr)")
    }
}
