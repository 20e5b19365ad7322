import Foundation
import Testing

/// A YAML model on one line, large enough that Yams' node tree is gigabytes: refused from its
/// text before Yams composes it, under `--max-memory` and a 4 GiB address-space limit, in
/// seconds (once: aborted at 2.1–2.7 GiB with `--max-memory 1G`, 68 s and 3.9 GB without).
@Suite struct YAMLMemoryLimitTests {
    /// A network u (4000) → h (4000) whose weight is 16 million `0`s on one line: 32 MB of text,
    /// 16 million values, about 2.5 GiB of node tree at 150 bytes a value.
    static func oneLineNetwork(features: Int = 4000) -> Data {
        var text = Data("{kind: network, input: {name: u, size: \(features)}, layers: [{name: h, activation: relu, size: \(features), inputs: [{from: u, weight: [".utf8)
        let row = Data("[".utf8) + Data(repeating: UInt8(ascii: "0"), count: 1).repeated(features, separator: UInt8(ascii: ",")) + Data("]".utf8)
        text += row.repeated(features, separator: UInt8(ascii: ","))
        text += Data("]}]}], output: {name: y, size: 1}}\n".utf8)
        return text
    }

    @Test func aLongOneLineDocumentIsRefusedBeforeYamsComposesIt() throws {
        let dir = try ImplicitCLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("wide.yaml"), out = dir.appendingPathComponent("wide.onnx")
        try Self.oneLineNetwork().write(to: model)
        let result = try ImplicitCLI.run(["convert", model.path, "-o", out.path, "--max-memory", "1G"],
                                         timeLimit: MalformedCorpusTests.timeLimit, addressSpaceLimit: MalformedCorpusTests.addressSpaceLimit)
        #expect(!result.timedOut)
        #expect(result.status == 2, "status \(result.status): \(result.stderr)")
        #expect(result.stderr.hasPrefix("error: \(model.path): composing the YAML text (30.5 MiB, about 16004032 values) would need 2.5 GiB, beyond the memory limit of 1 GiB"),
                "\(result.stderr)")
        #expect(result.stderr.contains("{npy: name.npy}") && result.stderr.filter { $0 == "\n" }.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["wide.yaml"])
    }

    /// The same shape, small: read when the limit holds the estimate, refused just below it.
    @Test func theChargeIsTheEstimateOfTheText() throws {
        let dir = try ImplicitCLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("small.yaml")
        let text = Self.oneLineNetwork(features: 100)
        try text.write(to: model)
        // Nodes: 100² values, 100 rows, and 32 for the rest (the wrapper's commas, colons and
        // brackets, its line break, and one); 150 bytes each plus 8 a byte of text; then the
        // zero biases (100 + 1 doubles) and D (1 × 100) that reading fills in.
        let nodes = 100 * 100 + 100 + 32
        let estimate = 8 * text.count + 150 * nodes + 8 * (101 + 100)
        let enough = try ImplicitCLI.run(["info", model.path, "--max-memory", "\(estimate + 64)"])
        #expect(enough.status == 0, "\(enough.stderr)")
        let short = try ImplicitCLI.run(["info", model.path, "--max-memory", "\(8 * text.count + 150 * nodes - 64)"])
        #expect(short.status == 2 && short.stderr.contains("composing the YAML text"), "\(short.stderr)")
    }
}

private extension Data {
    /// `count` copies joined by `separator`.
    func repeated(_ count: Int, separator: UInt8) -> Data {
        var out = Data(capacity: count * (self.count + 1))
        for k in 0..<count {
            if k > 0 { out.append(separator) }
            out.append(self)
        }
        return out
    }
}
