import Foundation
import Testing

/// `lint`, `compose`, `reduce` and `prune` through the built binary.
@Suite struct AnalysisCommandTests {
    /// u(2) → z(2) → y(2) with B = C = I: the model is its 2 × 2 block A.
    static func twoStates(_ a: [[Double]], activation: String) -> String {
        """
        kind: implicit
        input: {name: u, size: 2}
        output: {name: y, size: 2}
        states:
          - {name: z, size: 2, activation: \(activation)}
        A:
          - {row: z, col: z, weight: \(a)}
        B:
          - {row: z, weight: [[1, 0], [0, 1]]}
        C:
          - {col: z, weight: [[1, 0], [0, 1]]}
        """
    }

    static let illPosed = twoStates([[0.5, 2.0], [2.0, 0.5]], activation: "relu")

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

    /// The text names the ignored inputs by the input port (`x[3]`) and prints its figures to four
    /// significant digits: the JSON speed-up rounded, not its seventeen digits.
    @Test func reduceTextNamesIgnoredInputsAndPrintsFourSignificantDigits() throws {
        let arguments = ["reduce", ImplicitCLI.sample("reducible.yaml"), "--box", "0,1"]
        let text = try ImplicitCLI.run(arguments), json = try ImplicitCLI.run(arguments + ["--json"])
        #expect(text.status == 0 && json.status == 0)
        #expect(text.stdout.contains("  ignored inputs: x[3], x[4]\n"), "\(text.stdout)")
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let speedup = try #require(report?["estimatedSpeedup"] as? Double)
        #expect(speedup != (speedup * 1000).rounded() / 1000, "a speed-up with more than four digits tests the rounding")
        #expect(text.stdout.contains("estimated speed-up \(String(format: "%.4g", speedup))×\n"), "\(text.stdout)")
    }

    /// A certificate's value and bound are printed to four digits, or more where four would make
    /// a value below its bound read as equal to it.
    @Test func lintCertificateValueStaysBelowItsBoundInPrint() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let model = dir.appendingPathComponent("close.yaml")
        try Self.twoStates([[0, 0.99999], [0.99999, 0]], activation: "tanh").write(to: model, atomically: true, encoding: .utf8)
        let lint = try ImplicitCLI.run(["lint", model.path])
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        let certificate = try #require(lint.stdout.split(separator: "\n").first { $0.contains("certificate:") })
        let value = try #require(certificate.firstMatch(of: /value ([0-9.e+-]+) < bound ([0-9.e+-]+)/))
        let printedValue = try #require(Double(value.1)), printedBound = try #require(Double(value.2))
        #expect(printedValue < printedBound, "\(certificate)")
        let picard = try #require(lint.stdout.split(separator: "\n").first { $0.contains("Picard: contractive") })
        let norm = try #require(picard.firstMatch(of: /= ([0-9.e+-]+)$/))
        #expect(try #require(Double(norm.1)) < 1, "a contraction factor below 1 printed as 1: \(picard)")
    }
}
