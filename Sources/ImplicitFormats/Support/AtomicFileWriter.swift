import Foundation

/// Writes a file so that it is either complete or absent: a temporary file in the target's
/// folder, then a rename (atomic on one file system).
public enum AtomicFileWriter {
    /// - Parameters:
    ///   - inputs: files the command read; the output may not be any of them.
    ///   - force: allow replacing an existing file that is not an input.
    /// - Throws: `FormatError` naming the output path.
    public static func write(_ data: Data, to path: String, inputs: [String], force: Bool) throws {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        for input in inputs where URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath() == target {
            throw FormatError(file: path, "is also an input; refusing to overwrite it")
        }
        let folder = target.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FormatError(file: path, "the folder \(folder.path) does not exist")
        }
        if FileManager.default.fileExists(atPath: target.path), !force {
            throw FormatError(file: path, "already exists; pass --force to replace it")
        }
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
            if rename(temporary.path, target.path) != 0 {
                throw FormatError(file: path, "cannot be written: \(String(cString: strerror(errno)))")
            }
        } catch let error as FormatError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw FormatError(file: path, "cannot be written: \(error.localizedDescription)")
        }
    }
}
