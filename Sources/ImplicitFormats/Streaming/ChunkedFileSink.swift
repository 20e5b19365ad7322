import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `write(2)`, which the sink's own `write` method shadows.
#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif

/// Writes a new file through two 8 MiB buffers: while a background thread hands one to
/// `write(2)`, the caller fills the other (the row-major transposition of the next band), so
/// the copy into the page cache overlaps the transposition instead of following it.
///
/// Ownership of a buffer passes to the writer thread with its `write` job and comes back through
/// that buffer's semaphore; the caller never touches a buffer in flight.
final class ChunkedFileSink: ByteSink, @unchecked Sendable {
    private static let capacity = 1 << 23
    let fillCapacity = ChunkedFileSink.capacity
    private let fd: Int32
    private let reportedPath: String
    private let buffers = [UnsafeMutableRawPointer.allocate(byteCount: ChunkedFileSink.capacity, alignment: 64),
                           UnsafeMutableRawPointer.allocate(byteCount: ChunkedFileSink.capacity, alignment: 64)]
    /// Signalled when a buffer is free. They start at 0 and are only ever signalled ahead of a
    /// wait: libdispatch traps on disposing of a semaphore below its initial value.
    private let available = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
    private let writer = DispatchQueue(label: "implicit.chunked-writer")
    /// The first write failure (errno), set on the writer queue, read after it drains.
    private var failure: Int32 = 0
    private var current = 0
    private var used = 0

    /// Creates the file at `path`, which must not exist; `reportedPath` names it in errors.
    init(path: String, reportedAs reportedPath: String) throws(FormatError) {
        self.reportedPath = reportedPath
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw FormatError(file: reportedPath, message: "cannot write: \(String(cString: strerror(errno)))") }
        // The caller starts with buffer 0; buffer 1 is free.
        available[1].signal()
    }

    deinit {
        writer.sync {}
        for buffer in buffers { buffer.deallocate() }
        if fd >= 0 { close(fd) }
    }

    private var buffer: UnsafeMutableRawPointer { buffers[current] }

    func append(_ bytes: [UInt8]) {
        var offset = 0
        bytes.withUnsafeBytes { source in
            guard let base = source.baseAddress else { return }
            while offset < bytes.count {
                if used == ChunkedFileSink.capacity { flush() }
                let n = min(bytes.count - offset, ChunkedFileSink.capacity - used)
                (buffer + used).copyMemory(from: base + offset, byteCount: n)
                used += n
                offset += n
            }
        }
    }

    func append(count: Int, _ fill: (UnsafeMutableRawPointer) -> Void) {
        precondition(count <= ChunkedFileSink.capacity, "a fill of \(count) bytes is over the buffer")
        if used + count > ChunkedFileSink.capacity { flush() }
        fill(buffer + used)
        used += count
    }

    /// Hands the current buffer to the writer and takes the other one once its write is done.
    private func flush() {
        guard used > 0 else { return }
        let index = current, count = used
        // Integers cross into the writer's closure; the buffer is not touched until it returns it.
        let address = Int(bitPattern: buffers[index])
        writer.async { [self] in
            defer { available[index].signal() }
            guard failure == 0, let base = UnsafeRawPointer(bitPattern: address) else { return }
            var offset = 0
            while offset < count {
                let n = systemWrite(fd, base + offset, count - offset)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { failure = n < 0 ? errno : EIO; return }
                offset += n
            }
        }
        current = 1 - current
        used = 0
        // A failed write is reported by `finish`; waiting for it here would serialize the writes.
        available[current].wait()
    }

    /// Writes what is buffered and reports the first failed write.
    func finish() throws(FormatError) {
        flush()
        let error = writer.sync { failure }
        guard error == 0 else { throw FormatError(file: reportedPath, message: "cannot write: \(String(cString: strerror(error)))") }
    }

    /// Writes `pieces` as the whole content of a new file at `path`.
    static func write(_ pieces: [Piece], to path: String, reportedAs reportedPath: String) throws(FormatError) {
        let sink = try ChunkedFileSink(path: path, reportedAs: reportedPath)
        try sink.emit(pieces)
        try sink.finish()
    }
}
