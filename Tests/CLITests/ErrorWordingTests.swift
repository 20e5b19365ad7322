import Foundation
import Testing

/// The library says what is wrong in the model's terms; the command line alone adds the flag or
/// the command that helps. Each remedy the CLI words from an error's kind reaches stderr, on the
/// one `error: FILE: …` line, with exit status 2.
@Suite struct ErrorWordingTests {
    let dir: URL

    init() throws { dir = try ImplicitCLI.scratchFolder() }

    private func refusal(_ arguments: [String]) throws -> String {
        let result = try ImplicitCLI.run(arguments)
        #expect(result.status == 2 && result.stdout.isEmpty, "\(arguments): \(result.status) \(result.stderr)")
        return result.stderr
    }

    /// `ModelError.noNetworkForm` → "use --form implicit".
    @Test func anImplicitModelAskedForAsANetworkNamesTheForm() throws {
        let model = ImplicitCLI.sample("implicit.yaml")
        let out = dir.appendingPathComponent("n.yaml").path
        #expect(try refusal(["convert", model, "-o", out, "--form", "network"])
                == "error: \(model): an implicit model cannot be written as a network; use --form implicit\n")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// A cascade of finite weights whose product overflows (B₂C₁ = 1e200 · 1e200) is refused by the
    /// model's own check, named after the files like every other composition error.
    @Test func aCascadeWhoseProductOverflowsNamesBothFiles() throws {
        let first = dir.appendingPathComponent("big-out.yaml"), second = dir.appendingPathComponent("big-in.yaml")
        try Self.oneUnitNetwork(inputWeight: 1, outputWeight: 1e200).write(to: first)
        try Self.oneUnitNetwork(inputWeight: 1e200, outputWeight: 1).write(to: second)
        let out = dir.appendingPathComponent("c.yaml").path
        #expect(try refusal(["compose", first.path, second.path, "-o", out])
                == "error: \(second.path): cannot compose with \(first.path): A block (1, 0) contains NaN or infinity\n")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// u ↦ outputWeight · relu(inputWeight · u), as a YAML network.
    static func oneUnitNetwork(inputWeight: Double, outputWeight: Double) -> Data {
        Data("""
            kind: network
            input: {name: u, size: 1}
            layers:
              - {name: h, activation: relu, size: 1, inputs: [{from: u, weight: [[\(inputWeight)]]}]}
            output: {name: y, size: 1, inputs: [{from: h, weight: [[\(outputWeight)]]}]}

            """.utf8)
    }

    /// `CompositionError.nonlinearHead` → "predict --raw gives the pre-head outputs".
    @Test func aCascadeAfterAHeadNamesTheRawOutputs() throws {
        let first = dir.appendingPathComponent("s.yaml")
        try Data("""
            kind: network
            input: {name: u, size: 2}
            layers: []
            output: {name: y, size: 4, head: softmax, inputs: [{from: u, weight: [[1, 0], [0, 1], [1, 1], [0, 0]]}]}

            """.utf8).write(to: first)
        let second = ImplicitCLI.sample("mlp.yaml")
        #expect(try refusal(["compose", first.path, second, "-o", dir.appendingPathComponent("c.yaml").path])
                == "error: \(second): cannot compose with \(first.path): cannot cascade: the first model ends in a softmax head, which is not affine in its state; remove the head from the first model (predict --raw gives the pre-head outputs)\n")
    }

    /// `EvaluationError.notConverged` → "run `implicit lint`", on the input file that was solved.
    @Test func aSolveThatFailsNamesTheLint() throws {
        let inputs = dir.appendingPathComponent("u.csv")
        try Data("0.1,0.2,0.3\n".utf8).write(to: inputs)
        let stderr = try refusal(["predict", ImplicitCLI.sample("illposed.yaml"), "--input", inputs.path])
        #expect(stderr.hasPrefix("error: \(inputs.path): the fixed point of blocks loop did not converge for sample 0 ("), "\(stderr)")
        #expect(stderr.hasSuffix("); run `implicit lint` to check well-posedness\n"), "\(stderr)")
    }

    /// `.exceedsMemoryLimit` → "(raise it with --max-memory)" right after the shortfall, before the
    /// YAML reader's own advice.
    @Test func aMemoryRefusalNamesTheFlagAfterTheShortfall() throws {
        let stderr = try refusal(["info", ImplicitCLI.sample("mlp.yaml"), "--max-memory", "1K"])
        #expect(stderr.hasPrefix("error: \(ImplicitCLI.sample("mlp.yaml")): composing the YAML text ("), "\(stderr)")
        #expect(stderr.contains(", beyond the memory limit of 1 KiB (raise it with --max-memory); large weights belong in .npy files"), "\(stderr)")
    }
}
