import Foundation
import Testing

/// One file of `MalformedCorpus/` and what the binary must say about it (`cases.json`, written
/// by `scripts/make-malformed-corpus.py`, which documents the placeholders).
struct MalformedCase: Decodable, CustomTestStringConvertible, Sendable {
    let file: String
    let args: [String]
    let expect: String
    /// More corpus files copied next to the case file.
    var companions: [String]?
    /// Symbolic links made in the input folder: name → destination.
    var links: [String: String]?
    /// Empty folders made in the input folder.
    var folders: [String]?
    /// The case file is a named pipe with no writer (not a corpus file).
    var fifo: Bool?
    /// A named pipe made in the scratch folder, outside the input folder: a reader that opened
    /// it (ONNX external data reaching out of the model's folder) would block until the time limit.
    var outside: String?

    /// The corpus files this case copies.
    var corpusFiles: [String] { (fifo == true ? [] : [file]) + (companions ?? []) }

    var testDescription: String { file }

    static let folder = ImplicitCLI.packageRoot.appendingPathComponent("Tests/CLITests/MalformedCorpus")

    static let all: [MalformedCase] = {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("cases.json")),
              let cases = try? JSONDecoder().decode([MalformedCase].self, from: data) else { return [] }
        return cases
    }()
}

/// What a folder holds, entry by entry: kind, inode, and the bytes of a file or the destination
/// of a link. Equal snapshots mean nothing was created, removed, replaced or changed.
struct FolderSnapshot: Equatable, CustomStringConvertible {
    struct Entry: Equatable {
        let inode: UInt64
        let kind: UInt32
        let content: Data?
    }

    let entries: [String: Entry]

    init(_ folder: URL) throws {
        var entries: [String: Entry] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let path = folder.appendingPathComponent(name).path
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            let kind = UInt32(info.st_mode) & UInt32(S_IFMT)
            var content: Data?
            if kind == UInt32(S_IFREG) { content = FileManager.default.contents(atPath: path) }
            if kind == UInt32(S_IFLNK) { content = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { Data($0.utf8) } }
            entries[name] = Entry(inode: UInt64(info.st_ino), kind: kind, content: content)
        }
        self.entries = entries
    }

    var description: String { entries.keys.sorted().joined(separator: ", ") }
}

/// Every malformed file through the built binary: refused with status 2 and one line naming the
/// file and the place, nothing written anywhere and the inputs untouched (same bytes, same
/// inode), within a time limit far above the fraction of a second each takes (the limit catches
/// hangs on a loaded CI machine; it measures nothing), under a 4 GiB address-space limit (a
/// reader that allocates what a hostile size asks for crashes instead of refusing).
@Suite struct MalformedCorpusTests {
    static let timeLimit = Duration.seconds(20)
    static let addressSpaceLimit = 4 << 30

    @Test(arguments: MalformedCase.all)
    func refusedCleanly(_ corpusCase: MalformedCase) throws {
        let scratch = try ImplicitCLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inputs = scratch.appendingPathComponent("in"), outputs = scratch.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: false)
        let file = inputs.appendingPathComponent(corpusCase.file)
        for name in corpusCase.corpusFiles {
            try FileManager.default.copyItem(at: MalformedCase.folder.appendingPathComponent(name), to: inputs.appendingPathComponent(name))
        }
        if corpusCase.fifo == true { #expect(mkfifo(file.path, 0o644) == 0, "cannot make the pipe") }
        if let pipe = corpusCase.outside {
            #expect(mkfifo(scratch.appendingPathComponent(pipe).path, 0o600) == 0, "cannot make the pipe \(pipe)")
        }
        for (name, destination) in corpusCase.links ?? [:] {
            try FileManager.default.createSymbolicLink(atPath: inputs.appendingPathComponent(name).path, withDestinationPath: destination)
        }
        for name in corpusCase.folders ?? [] {
            try FileManager.default.createDirectory(at: inputs.appendingPathComponent(name), withIntermediateDirectories: false)
        }
        let before = try FolderSnapshot(inputs)
        func fill(_ text: String) -> String {
            text.replacingOccurrences(of: "{file}", with: file.path)
                .replacingOccurrences(of: "{in}", with: inputs.path)
                .replacingOccurrences(of: "{out}", with: outputs.path)
                .replacingOccurrences(of: "{samples}", with: ImplicitCLI.packageRoot.appendingPathComponent("samples").path)
        }

        let result = try ImplicitCLI.run(corpusCase.args.map(fill), timeLimit: MalformedCorpusTests.timeLimit,
                                         addressSpaceLimit: MalformedCorpusTests.addressSpaceLimit)

        #expect(!result.timedOut, "still running after \(MalformedCorpusTests.timeLimit)")
        #expect(result.status == 2, "status \(result.status); stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "not one line: \(result.stderr)")
        let expected = "error: " + fill(corpusCase.expect)
        // Every case names its file first: the input (`{file}`), a file beside it (`{in}`: a side
        // file, a link) or, for write failures, the output.
        let prefixes = ["{file}": file.path, "{in}": inputs.path, "{out}": outputs.path]
        let named = prefixes.first { corpusCase.expect.hasPrefix($0.key) }
        #expect(named != nil, "the case does not name a file first")
        #expect(result.stderr.hasPrefix("error: \(named?.value ?? "?")"), "does not start with the file: \(result.stderr)")
        #expect(result.stderr.contains(fill(corpusCase.expect)), "expected \(expected)\n got \(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outputs.path).isEmpty, "something was written")
        let after = try FolderSnapshot(inputs)
        #expect(after == before, "the input folder changed: \(before) became \(after)")
    }

    @Test func everyCorpusFileHasACase() throws {
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: MalformedCase.folder.path)).subtracting(["cases.json"])
        let listed = MalformedCase.all.flatMap(\.corpusFiles)
        #expect(MalformedCase.all.count >= 150, "cases.json is missing or short")
        #expect(Set(listed) == files)
        #expect(Set(listed).count == listed.count, "a file is listed twice")
    }
}
