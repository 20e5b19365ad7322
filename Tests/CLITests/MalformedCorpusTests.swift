import Foundation
import Testing

/// One file of `MalformedCorpus/` and what the binary must say about it (`cases.json`, written
/// by `scripts/make-malformed-corpus.py`, which documents the placeholders).
struct MalformedCase: Decodable, CustomTestStringConvertible, Sendable {
    let file: String
    let args: [String]
    let expect: String
    /// Corpus files copied next to the case file.
    let beside: [String]?
    /// Symbolic links made next to the case file, name → relative target.
    let links: [String: String]?
    /// A named pipe made in the scratch folder, outside the case file's folder: a reader that
    /// opened it would block until the time limit.
    let outside: String?

    var testDescription: String { file }

    static let folder = ImplicitCLI.packageRoot.appendingPathComponent("Tests/CLITests/MalformedCorpus")

    static let all: [MalformedCase] = {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("cases.json")),
              let cases = try? JSONDecoder().decode([MalformedCase].self, from: data) else { return [] }
        return cases
    }()
}

/// Every malformed file through the built binary: refused with status 2 and one line naming the
/// file and the place, nothing written, within a time limit far above the fraction of a second
/// each takes (the limit catches hangs on a loaded CI machine; it measures nothing).
@Suite struct MalformedCorpusTests {
    static let timeLimit = Duration.seconds(20)

    @Test(arguments: MalformedCase.all)
    func refusedCleanly(_ corpusCase: MalformedCase) throws {
        let scratch = try ImplicitCLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inputs = scratch.appendingPathComponent("in"), outputs = scratch.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: false)
        let file = inputs.appendingPathComponent(corpusCase.file)
        try FileManager.default.copyItem(at: MalformedCase.folder.appendingPathComponent(corpusCase.file), to: file)
        let original = try Data(contentsOf: file)
        for companion in corpusCase.beside ?? [] {
            try FileManager.default.copyItem(at: MalformedCase.folder.appendingPathComponent(companion),
                                             to: inputs.appendingPathComponent(companion))
        }
        for (name, target) in corpusCase.links ?? [:] {
            try FileManager.default.createSymbolicLink(atPath: inputs.appendingPathComponent(name).path, withDestinationPath: target)
        }
        if let pipe = corpusCase.outside {
            #expect(mkfifo(scratch.appendingPathComponent(pipe).path, 0o600) == 0, "cannot make the pipe \(pipe)")
        }
        func fill(_ text: String) -> String {
            text.replacingOccurrences(of: "{file}", with: file.path)
                .replacingOccurrences(of: "{out}", with: outputs.path)
                .replacingOccurrences(of: "{samples}", with: ImplicitCLI.packageRoot.appendingPathComponent("samples").path)
        }

        let result = try ImplicitCLI.run(corpusCase.args.map(fill), timeLimit: MalformedCorpusTests.timeLimit)

        #expect(!result.timedOut, "still running after \(MalformedCorpusTests.timeLimit)")
        #expect(result.status == 2, "status \(result.status); stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "not one line: \(result.stderr)")
        let expected = "error: " + fill(corpusCase.expect)
        // Every case names its file first: the input (`{file}`) or, for write failures, the output.
        let named = corpusCase.expect.hasPrefix("{out}") ? outputs.path : file.path
        #expect(corpusCase.expect.hasPrefix("{file}") || corpusCase.expect.hasPrefix("{out}"), "the case does not name a file first")
        #expect(result.stderr.hasPrefix("error: \(named)"), "does not start with the file: \(result.stderr)")
        #expect(result.stderr.contains(fill(corpusCase.expect)), "expected \(expected)\n got \(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outputs.path).isEmpty, "something was written")
        let expectedInputs = [corpusCase.file] + (corpusCase.beside ?? []) + (corpusCase.links ?? [:]).keys
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: inputs.path)) == Set(expectedInputs), "a file appeared next to the input")
        #expect(try Data(contentsOf: file) == original, "the input changed")
    }

    @Test func everyCorpusFileHasACase() throws {
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: MalformedCase.folder.path)).subtracting(["cases.json"])
        let listed = MalformedCase.all.map(\.file)
        let companions = Set(MalformedCase.all.flatMap { $0.beside ?? [] })
        #expect(listed.count >= 90, "cases.json is missing or short")
        #expect(Set(listed).union(companions) == files)
        #expect(companions.isDisjoint(with: listed), "a companion file is also a case")
        #expect(Set(listed).count == listed.count, "a file is listed twice")
    }
}
