import Foundation
import Testing

/// Every command that writes refuses a target that is one of the files it read (the model, the
/// weights the model pulls in, the data files of its flags), whatever name reaches it: the same
/// path, another spelling (`sub/../f`, a folder reached through a link), a symbolic link, a
/// hard link; and the side files it would write next to a YAML document are held to the same
/// rule. Each refusal changes nothing: every file keeps its bytes and its inode.
@Suite struct OutputNeverAnInputTests {
    /// 257 × 256 weights: past the 65536 elements from which the YAML writer uses a side file.
    static let rows = 257, cols = 256

    /// A `.npy` file of float64 values in C order, written by hand (the test target sees only
    /// the binary).
    static func npy(rows: Int, cols: Int, value: (Int) -> Double) -> Data {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(rows), \(cols)), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        var data = Data([0x93]) + Data("NUMPY".utf8) + Data([1, 0])
        data += Data([UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]) + Data(header.utf8)
        for k in 0..<(rows * cols) { withUnsafeBytes(of: value(k).bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// A network u (256) → h (257, relu, weight from `weightFile`) → y (1).
    static func network(weightFile: String) -> String {
        """
        kind: network
        input: {name: u, size: \(cols)}
        layers:
          - {name: h, activation: relu, size: \(rows), inputs: [{from: u, weight: {npy: \(weightFile)}}]}
        output: {name: y, size: 1, inputs: [{from: h, weight: [[\(Array(repeating: "0.5", count: rows).joined(separator: ", "))]]}]}

        """
    }

    let dir: URL

    init() throws {
        dir = try ImplicitCLI.scratchFolder()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("alias").path, withDestinationPath: ".")
    }

    private func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    private func write(_ name: String, _ data: Data) throws { try data.write(to: dir.appendingPathComponent(name)) }

    /// Runs `arguments` with `--force` and expects a refusal that names an input and changes nothing.
    private func expectRefused(_ arguments: [String], _ label: String) throws {
        let before = try FolderSnapshot(dir)
        let result = try ImplicitCLI.run(arguments + ["--force"], in: dir, timeLimit: .seconds(60))
        #expect(result.status == 2, "\(label): status \(result.status), \(result.stderr)")
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains("refusing to overwrite the input file"),
                "\(label): \(result.stderr)")
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(label): not one line: \(result.stderr)")
        let after = try FolderSnapshot(dir)
        #expect(after == before, "\(label): \(before) became \(after)")
    }

    /// Names of `file` with the extension `ext` that a writer could be given (commands run in
    /// the scratch folder): the file itself, absolute and relative (when it has that
    /// extension), another spelling, a path through a linked folder, a symbolic link and a hard link.
    private func names(reaching file: String, as ext: String) throws -> [String] {
        var names: [String] = []
        if file.hasSuffix("." + ext) {
            names += [path(file), file, "./sub/../\(file)", path("sub/../\(file)"), "alias/\(file)"]
        }
        let symbolic = "symbolic-\(file).\(ext)", hard = "hard-\(file).\(ext)"
        if !FileManager.default.fileExists(atPath: path(symbolic)) {
            try FileManager.default.createSymbolicLink(atPath: path(symbolic), withDestinationPath: file)
            try FileManager.default.linkItem(atPath: path(file), toPath: path(hard))
        }
        return names + [path(symbolic), path(hard)]
    }

    @Test func everyWritingCommandRefusesEachOfItsInputs() throws {
        try write("net.yaml", Data(Self.network(weightFile: "w.npy").utf8))
        try write("w.npy", Self.npy(rows: Self.rows, cols: Self.cols) { Double($0 % 7) / 8 })
        try write("x.npy", Self.npy(rows: 3, cols: Self.cols) { Double($0 % 5) / 4 })
        try write("box.npy", Self.npy(rows: 2, cols: Self.cols) { Double($0 / Self.cols) })
        let model = path("net.yaml")
        // Each command with the files it reads, and the extension its output takes.
        let commands: [(arguments: (String) -> [String], reads: [String], ext: String)] = [
            ({ ["convert", model, "-o", $0] }, ["net.yaml", "w.npy"], "yaml"),
            ({ ["compose", model, model, "--parallel", "-o", $0] }, ["net.yaml", "w.npy"], "yaml"),
            ({ ["prune", model, "--inputs", self.path("box.npy"), "--verify-input", self.path("x.npy"), "-o", $0] },
             ["net.yaml", "w.npy", "box.npy", "x.npy"], "yaml"),
            ({ ["predict", model, "--input", self.path("x.npy"), "-o", $0] }, ["net.yaml", "w.npy", "x.npy"], "npy"),
        ]
        for command in commands {
            for file in command.reads {
                for target in try names(reaching: file, as: command.ext) {
                    try expectRefused(command.arguments(target), "\(command.arguments("T")[0]) over \(file) as \(target)")
                }
            }
        }
    }

    /// The YAML writer's side files are named after the output (`out.h.from.u.npy`): when such
    /// a name is a weight file the command read, the write is refused before anything is written.
    @Test func noSideFileReplacesAnInput() throws {
        // The side file each command writes for its largest weight, named after output prefix P.
        let commands: [(name: String, sideFile: (String) -> String, arguments: (String, String) -> [String])] = [
            ("convert", { "\($0).h.from.u.npy" }, { ["convert", $0, "-o", $1] }),
            ("prune", { "\($0).B.h.npy" }, { ["prune", $0, "-o", $1] }),
            ("compose", { "\($0).B.first.h.npy" }, { ["compose", $0, $0, "--parallel", "-o", $1] }),
        ]
        for command in commands {
            let prefix = "\(command.name)-out"
            let weight = command.sideFile(prefix)
            let model = "\(command.name).yaml"
            try write(model, Data(Self.network(weightFile: weight).utf8))
            try write(weight, Self.npy(rows: Self.rows, cols: Self.cols) { Double($0 % 3) - 1 })
            for target in ["\(prefix).yml", "sub/../\(prefix).yml", "alias/\(prefix).yml", path("\(prefix).yaml")] {
                try expectRefused(command.arguments(path(model), target), "\(command.name) -o \(target)")
            }
        }
    }
}
