import Foundation
import Testing

/// `lint`, `compose`, `reduce` and `prune` through the built binary.
@Suite struct AnalysisCommandTests {
    static let illPosed = """
    kind: implicit
    input: {name: u, size: 2}
    output: {name: y, size: 2}
    states:
      - {name: z, size: 2, activation: relu}
    A:
      - {row: z, col: z, weight: [[0.5, 2.0], [2.0, 0.5]]}
    B:
      - {row: z, weight: [[1, 0], [0, 1]]}
    C:
      - {col: z, weight: [[1, 0], [0, 1]]}
    """

    @Test func lintExitStatusFollowsTheVerdictAndTheWitnessChecksOut() throws {
        #expect(try ImplicitCLI.run(["lint", ImplicitCLI.sample("implicit.yaml")]).status == 0)
        let dir = try ImplicitCLI.scratchFolder()
        let ill = dir.appendingPathComponent("ill.yaml")
        try Self.illPosed.write(to: ill, atomically: true, encoding: .utf8)
        let result = try ImplicitCLI.run(["lint", ill.path, "--json"])
        #expect(result.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(report?["verdict"] as? String == "illPosed")
        // Check the witness here, independently: both states solve x = max(0, Ax + b).
        let component = (report?["components"] as? [[String: Any]])?.first
        let witness = component?["witness"] as? [String: Any]
        let b = witness?["b"] as? [Double] ?? [], x1 = witness?["x1"] as? [Double] ?? [], x2 = witness?["x2"] as? [Double] ?? []
        let a = [[0.5, 2.0], [2.0, 0.5]]
        for x in [x1, x2] {
            #expect(x.count == 2)
            for i in 0..<min(2, x.count) {
                #expect(abs(x[i] - max(0, a[i][0] * x[0] + a[i][1] * x[1] + b[i])) <= 1e-9)
            }
        }
        #expect(zip(x1, x2).contains { abs($0 - $1) > 1e-6 })
    }

    @Test func cascadePredictsWhatTheTwoModelsDoInTurn() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let first = ImplicitCLI.sample("skip.yaml"), second = ImplicitCLI.sample("implicit.yaml")
        let composed = dir.appendingPathComponent("both.pb").path
        #expect(try ImplicitCLI.run(["compose", first, second, "-o", composed]).status == 0)
        let middle = dir.appendingPathComponent("middle.csv").path
        #expect(try ImplicitCLI.run(["predict", first, "--input", ImplicitCLI.sample("skip.input.csv"), "-o", middle]).status == 0)
        let inTurn = try ImplicitCLI.run(["predict", second, "--input", middle])
        let direct = try ImplicitCLI.run(["predict", composed, "--input", ImplicitCLI.sample("skip.input.csv")])
        #expect(inTurn.status == 0 && direct.status == 0)
        let a = inTurn.stdout.split(whereSeparator: { $0 == "\n" || $0 == "," }).compactMap { Double($0) }
        let b = direct.stdout.split(whereSeparator: { $0 == "\n" || $0 == "," }).compactMap { Double($0) }
        #expect(a.count == b.count && !a.isEmpty)
        #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($0)) })
        #expect(try ImplicitCLI.run(["lint", composed]).status == 0)

        let mismatch = try ImplicitCLI.run(["compose", second, first, "-o", dir.appendingPathComponent("x.yaml").path])
        #expect(mismatch.status == 2 && mismatch.stderr.contains("1 outputs, the second model expects 3 inputs"))
    }

    @Test func pruneRefusesBeyondTheDeviationLimitAndWritesNothing() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let out = dir.appendingPathComponent("small.onnx").path
        let refused = try ImplicitCLI.run(["prune", ImplicitCLI.sample("mlp.yaml"), "-o", out, "--threshold", "0.3",
                                           "--box", "-2,2", "--verify", "50", "--max-deviation", "1e-9"])
        #expect(refused.status == 1 && refused.stderr.contains("exceeds --max-deviation"))
        #expect(!FileManager.default.fileExists(atPath: out))

        let exact = try ImplicitCLI.run(["prune", ImplicitCLI.sample("reducible.yaml"), "-o", out, "--box", "0,1",
                                         "--verify", "200", "--max-deviation", "1e-12", "--json"])
        #expect(exact.status == 0, "\(exact.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(exact.stdout.utf8)) as? [String: Any]
        #expect((report?["after"] as? [String: Any])?["states"] as? Int == 13)
        #expect(FileManager.default.fileExists(atPath: out))
    }

    /// samples/illposed.yaml: I − A[loop, loop] has the principal minor −0.85 on loop[0], loop[1].
    @Test func pruneRefusesAnIllPosedResultWithItsWitnessAndWritesNothing() throws {
        let out = try ImplicitCLI.scratchFolder().appendingPathComponent("small.yaml").path
        let refused = try ImplicitCLI.run(["prune", ImplicitCLI.sample("illposed.yaml"), "-o", out])
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.hasPrefix("error: ") && refused.stderr.contains("the pruned model is ill-posed in {loop[0], loop[1], loop[2]}: b = ["))
        #expect(refused.stderr.contains("has two states x¹ = [") && refused.stderr.hasSuffix("; nothing written\n"))
        #expect(refused.stdout.isEmpty && !FileManager.default.fileExists(atPath: out))
    }

    @Test func reduceWritesNothingAndReportsJSON() throws {
        let result = try ImplicitCLI.run(["reduce", ImplicitCLI.sample("reducible.yaml"), "--box", "0,1", "--json"])
        #expect(result.status == 0)
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let exact = report?["exact"] as? [String: Any]
        #expect(exact?["deadUnits"] as? [String] == ["hidden1[1]"])
        #expect(exact?["ignoredInputs"] as? [Int] == [3, 4])
    }
}
