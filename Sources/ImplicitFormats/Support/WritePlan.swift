import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files one command writes, written all or none, and never over a file it read.
///
/// A writer adds every file it will produce, the document and each side file (a YAML
/// document's `.npy` weights, an ONNX model's external data), then `commit()`:
/// 1. every target is checked before anything is written: its folder exists; it is not a
///    folder; it is not already there unless `force`; no two targets are one file; and it is
///    none of the protected inputs nor any file in the command's `InputLedger`, compared by
///    device and inode (so no spelling, hard link or symbolic link reaches an input) and by the
///    resolved path;
/// 2. each target is written to a temporary file in its own folder (same file system);
/// 3. the temporary files are renamed into place, in the order they were added (side files
///    before the document that refers to them).
/// A failure in 1 writes nothing; a failure in 2 or 3 removes every temporary file left. A
/// rename that fails after others succeeded (the disk vanished between two `rename(2)` calls
/// in one folder) leaves the earlier files in place; the error says so by naming the file.
public struct WritePlan {
    /// Writes the complete content of one target to the temporary URL it receives (which does
    /// not exist yet).
    public typealias Body = (URL) throws(FormatError) -> Void

    private struct Target {
        let url: URL
        /// The document a side file belongs to, named in its errors (the user gave only that name).
        let document: URL?
        let body: Body
    }

    private var targets: [Target] = []
    private let inputs: [URL]
    private let force: Bool

    /// A plan that refuses to replace `inputs` (and every file the current `InputLedger`
    /// holds), and replaces other existing files only when `force`.
    public init(protecting inputs: [URL] = [], force: Bool = false) {
        self.inputs = inputs
        self.force = force
    }

    /// Adds a target whose content `body` writes at the temporary URL it is given.
    /// - Parameter document: for a side file, the document it belongs to (named in its errors).
    public mutating func add(_ url: URL, sideFileOf document: URL? = nil, using body: @escaping Body) {
        targets.append(Target(url: url, document: document, body: body))
    }

    /// Adds a target with content made only once every target has been checked.
    /// - Parameter document: for a side file, the document it belongs to (named in its errors).
    public mutating func add(_ url: URL, sideFileOf document: URL? = nil, data: @escaping () throws(FormatError) -> Data) {
        add(url, sideFileOf: document) { temporary throws(FormatError) in
            let bytes = try data()
            do {
                try bytes.write(to: temporary, options: .withoutOverwriting)
            } catch {
                throw FormatError(file: url.path, message: "cannot write: \(error.localizedDescription)")
            }
        }
    }

    /// Checks every target, writes them all to temporary files, then renames them into place.
    /// - Throws: `FormatError` naming the first target at fault (`.outputExists` for a file that
    ///   is there without `force`); nothing is left behind.
    public func commit() throws(FormatError) {
        try check()
        var written: [(temporary: URL, target: URL)] = []
        func removeTemporaries() {
            for file in written { try? FileManager.default.removeItem(at: file.temporary) }
        }
        for target in targets {
            let folder = target.url.standardizedFileURL.deletingLastPathComponent()
            let temporary = folder.appendingPathComponent(".\(target.url.lastPathComponent).\(UUID().uuidString).tmp")
            do {
                try target.body(temporary)
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                removeTemporaries()
                throw error
            }
            written.append((temporary, target.url))
        }
        for (k, file) in written.enumerated() where rename(file.temporary.path, file.target.standardizedFileURL.path) != 0 {
            let reason = String(cString: strerror(errno))
            for rest in written[k...] { try? FileManager.default.removeItem(at: rest.temporary) }
            let placed = k == 0 ? "" : " (\(k) of the \(written.count) files are in place)"
            throw FormatError(file: file.target.path, message: "cannot move the written file into place: \(reason)\(placed)")
        }
    }

    /// Step 1: every refusal, before anything is written.
    private func check() throws(FormatError) {
        let ledger = InputLedger.current
        var protected: [FileIdentity: String] = [:]
        for input in inputs {
            if let identity = FileIdentity(path: input.path) { protected[identity] = input.path }
        }
        let protectedPaths = inputs.map { $0.standardizedFileURL.resolvingSymlinksInPath().path }
        var planned: [String: URL] = [:], plannedFiles: [FileIdentity: URL] = [:]
        for target in targets {
            let url = target.url
            let role = target.document.map { " (a side file of '\($0.lastPathComponent)')" } ?? ""
            // A side file is named after the document: another document name gives other side files.
            let rename = target.document == nil ? "" : "; choose another output name"
            let standardized = url.standardizedFileURL
            let folder = standardized.deletingLastPathComponent()
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw FormatError(file: url.path, message: "the output directory '\(folder.path)' does not exist")
            }
            // The folder resolved and the name kept: a link in the last component is the
            // target's own name (rename replaces the link), compared by identity below.
            let resolved = folder.resolvingSymlinksInPath().appendingPathComponent(standardized.lastPathComponent).path
            if let identity = FileIdentity(path: standardized.path) {
                if let input = protected[identity] ?? ledger?.path(of: identity) {
                    throw FormatError(file: url.path, message: "refusing to overwrite the input file '\(input)'" + role + rename)
                }
                if let other = plannedFiles.updateValue(url, forKey: identity) {
                    throw FormatError(file: url.path, message: "is the same file as '\(other.path)', which this command also writes" + role)
                }
            }
            if let k = protectedPaths.firstIndex(of: resolved) ?? protectedPaths.firstIndex(of: standardized.resolvingSymlinksInPath().path) {
                throw FormatError(file: url.path, message: "refusing to overwrite the input file '\(inputs[k].path)'" + role + rename)
            }
            if let other = planned.updateValue(url, forKey: resolved) {
                throw FormatError(file: url.path, message: "is the same file as '\(other.path)', which this command also writes" + role)
            }
            if FileManager.default.fileExists(atPath: standardized.path, isDirectory: &isDirectory) {
                if isDirectory.boolValue { throw FormatError(file: url.path, message: "is a directory" + role) }
                if !force { throw FormatError(file: url.path, message: "already exists" + role, kind: .outputExists) }
            }
        }
    }
}
