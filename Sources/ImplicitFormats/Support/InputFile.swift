import Foundation

/// Reading input files with errors that name them.
enum InputFile {
    /// Checks that `url` names a readable regular file.
    /// - Throws: `FormatError` for a missing file, a directory, or an unreadable file.
    static func checkReadable(_ url: URL) throws(FormatError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw FormatError(file: url.relativePath, message: "no such file")
        }
        guard !isDirectory.boolValue else { throw FormatError(file: url.relativePath, message: "is a directory") }
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw FormatError(file: url.relativePath, message: "is not readable")
        }
    }

    /// The file's bytes, memory-mapped when the system allows it (large data files).
    /// - Throws: `FormatError` for a missing file, a directory, or a read failure.
    static func contents(of url: URL) throws(FormatError) -> Data {
        try checkReadable(url)
        do {
            return try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw FormatError(file: url.relativePath, message: "cannot read: \(error.localizedDescription)")
        }
    }
}
