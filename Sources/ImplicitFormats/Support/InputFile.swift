import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading input files with errors that name them.
///
/// Every reader asks here first, before it opens anything: only a regular file is read. A pipe
/// with no writer would block `open(2)` forever, a device or `/dev/zero` never ends; both are
/// refused from their type alone. The file is recorded in the command's `InputLedger`.
enum InputFile {
    /// Checks that `path` names a readable regular file (symbolic links followed) and records it
    /// as read.
    /// - Parameter name: the file as the user named it, for errors.
    /// - Returns: its identity.
    /// - Throws: `FormatError` for a missing file, a folder, a pipe, socket or device, or an
    ///   unreadable file.
    @discardableResult
    static func checkRegular(_ path: String, name: String) throws(FormatError) -> FileIdentity {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno == ENOENT ? "no such file" : "cannot be read: \(String(cString: strerror(errno)))"
            throw FormatError(file: name, message: reason)
        }
        try checkType(info, name: name)
        guard access(path, R_OK) == 0 else { throw FormatError(file: name, message: "is not readable") }
        let identity = FileIdentity(info)
        InputLedger.recordRead(identity, path: path)
        return identity
    }

    /// Refuses anything but a regular file, from what `stat(2)` or `fstat(2)` found.
    static func checkType(_ info: stat, name: String) throws(FormatError) {
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw FormatError(file: name, message: "is a folder, not a file")
        case S_IFIFO: throw FormatError(file: name, message: "is a pipe, not a file (it would block or never end)")
        default: throw FormatError(file: name, message: "is a device or socket, not a regular file")
        }
    }

    /// Checks that `url` names a readable regular file (see `checkRegular`).
    static func checkReadable(_ url: URL) throws(FormatError) {
        try checkRegular(url.path, name: url.relativePath)
    }

    /// The file's bytes, memory-mapped when the system allows it (large data files).
    /// - Throws: `FormatError` for a missing file, a folder, a special file, or a read failure.
    static func contents(of url: URL) throws(FormatError) -> Data {
        try contents(ofPath: url.path, name: url.relativePath)
    }

    /// The bytes of the file at `path`, named `name` in errors.
    static func contents(ofPath path: String, name: String) throws(FormatError) -> Data {
        try checkRegular(path, name: name)
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw FormatError(file: name, message: "cannot be read: \(error.localizedDescription)")
        }
    }
}
