import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only (private), for importers that read large tensors in place.
///
/// Unlike `Data(contentsOf:options: .mappedIfSafe)`, the mapping is ours, so pages already
/// consumed can be handed back (`release(_:)`): an importer that widens a 200 MB float32 tensor
/// file into float64 weights does not also keep every page of the file resident. A released
/// page is read again from the file if touched, so releasing is never a correctness concern.
final class MappedFile: @unchecked Sendable {
    /// The file's bytes, valid for the lifetime of the object.
    let bytes: UnsafeRawBufferPointer

    /// Maps `path`.
    /// - Parameter followingLinks: false opens with `O_NOFOLLOW | O_NONBLOCK`, so that a path
    ///   checked to be a regular file cannot be swapped for a link or a pipe before it is opened.
    /// - Throws: `FormatError` for a missing file, a folder, or a file that cannot be mapped.
    init(path: String, followingLinks: Bool = true) throws(FormatError) {
        // Non-blocking: a pipe with no writer must not hold `open` forever; it is refused below.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (followingLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "no such file" : "cannot be read: \(String(cString: strerror(errno)))"
            throw FormatError(file: path, message: reason)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw FormatError(file: path, message: "cannot be read: \(String(cString: strerror(errno)))")
        }
        try InputFile.checkType(info, name: path)
        InputLedger.recordRead(FileIdentity(info), path: path)
        let count = Int(info.st_size)
        guard count > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let base = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let base, base != MAP_FAILED else {
            throw FormatError(file: path, message: "cannot be read: \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: base, count: count)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    /// The bytes of `range` as `Data` without a copy. The value must not outlive this object.
    func data(_ range: Range<Int>) -> Data {
        guard !range.isEmpty, let base = bytes.baseAddress else { return Data() }
        return Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base + range.lowerBound), count: range.count,
                    deallocator: .none)
    }

    /// Drops the pages lying wholly inside `range` from memory (MADV_DONTNEED on a private,
    /// never-written mapping: the next access reads the file again).
    func release(_ range: Range<Int>) {
        guard let base = bytes.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: base) + range.lowerBound + page - 1) / page * page
        let end = (Int(bitPattern: base) + range.upperBound) / page * page
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, Int32(MADV_DONTNEED))
    }
}
