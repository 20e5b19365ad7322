import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes output files atomically and never over an input.
///
/// The content goes to a temporary file in the target directory (same file system, so the final
/// `rename(2)` is atomic): a reader sees either the old file or the complete new one, and a
/// failed write leaves no partial output behind.
public enum AtomicFileWriter {
    /// Writes `data` to `url` atomically.
    /// - Parameters:
    ///   - data: the complete file content.
    ///   - url: the output file; its directory must exist.
    ///   - inputs: files this command reads; `url` must not be one of them, even with `force`
    ///     (compared after resolving symbolic links, and by device and inode when both exist).
    ///   - force: replace an existing output file.
    /// - Throws: `FormatError` naming the output (or its missing directory).
    public static func write(_ data: Data, to url: URL, refusingToOverwrite inputs: [URL] = [],
                             force: Bool = false) throws(FormatError) {
        try write(to: url, refusingToOverwrite: inputs, force: force) { temporary throws(FormatError) in
            do {
                try data.write(to: temporary, options: .withoutOverwriting)
            } catch {
                throw FormatError(file: url.path, message: "cannot write: \(error.localizedDescription)")
            }
        }
    }

    /// Lets `body` write the file at a temporary URL in the target directory, then renames it to
    /// `url`. For writers that need a path rather than bytes (zip archives).
    /// - Parameters:
    ///   - url: the output file; its directory must exist.
    ///   - inputs: files that must not be overwritten, even with `force`.
    ///   - force: replace an existing output file.
    ///   - body: writes the complete content to the URL it receives; the file does not exist yet.
    /// - Throws: `FormatError` from the checks, from `body`, or from the rename; the temporary
    ///   file is removed on every failure.
    public static func write(to url: URL, refusingToOverwrite inputs: [URL] = [], force: Bool = false,
                             using body: (URL) throws(FormatError) -> Void) throws(FormatError) {
        try withoutActuallyEscaping(body) { body throws(FormatError) in
            try write([(url, body)], refusingToOverwrite: inputs, force: force)
        }
    }

    /// Writes several files that belong together (an ONNX model and its external data), each
    /// at a temporary URL in its target directory, and renames them into place in the order
    /// given only once all are written. Every target is checked before anything is written, so
    /// a refusal leaves nothing behind; list a file that others reference first.
    /// - Throws: `FormatError` from the checks, from a body, or from a rename; the temporary
    ///   files are removed on every failure.
    public static func write(_ files: [(url: URL, body: (URL) throws(FormatError) -> Void)],
                             refusingToOverwrite inputs: [URL] = [], force: Bool = false) throws(FormatError) {
        var temporaries: [(temporary: URL, target: URL)] = []
        for (url, _) in files {
            temporaries.append((try checkedTemporary(for: url, refusingToOverwrite: inputs, force: force), url))
        }
        func removeTemporaries() {
            for (temporary, _) in temporaries { try? FileManager.default.removeItem(at: temporary) }
        }
        do {
            for (k, file) in files.enumerated() { try file.body(temporaries[k].temporary) }
        } catch {
            removeTemporaries()
            throw error
        }
        for (k, (temporary, url)) in temporaries.enumerated() {
            guard rename(temporary.path, url.standardizedFileURL.path) == 0 else {
                let reason = String(cString: strerror(errno))
                for (later, _) in temporaries[k...] { try? FileManager.default.removeItem(at: later) }
                throw FormatError(file: url.path, message: "cannot move the written file into place: \(reason)")
            }
        }
    }

    /// Checks that `url` may be written, and returns the temporary URL to write it at.
    private static func checkedTemporary(for url: URL, refusingToOverwrite inputs: [URL], force: Bool) throws(FormatError) -> URL {
        let target = url.standardizedFileURL
        let directory = target.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw FormatError(file: url.path, message: "the output directory '\(directory.path)' does not exist")
        }
        for input in inputs where sameFile(target, input.standardizedFileURL) {
            throw FormatError(file: url.path, message: "refusing to overwrite the input file '\(input.path)'")
        }
        if FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw FormatError(file: url.path, message: "is a directory")
            }
            if !force {
                throw FormatError(file: url.path, message: "already exists; use --force to overwrite it")
            }
        }
        return directory.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
    }

    /// True when both URLs name the same file: equal after resolving symbolic links, or the same
    /// device and inode (hard links, case-insensitive file systems).
    static func sameFile(_ a: URL, _ b: URL) -> Bool {
        if a.resolvingSymlinksInPath().path == b.resolvingSymlinksInPath().path { return true }
        var sa = stat(), sb = stat()
        guard stat(a.path, &sa) == 0, stat(b.path, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
}
