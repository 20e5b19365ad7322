import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a zip archive of stored members front to back into a new file, each member's bytes
/// produced by its writer in pieces and never held whole: the container of the `.npz` files we
/// write (`NPZFile.write`).
///
/// Each member is its local header (sizes known up front, CRC-32 left 0), its bytes, and, once
/// they are all written, the CRC patched into the header; then the central directory and the
/// end record follow the last member (`ZIPStreamWriter+Records.swift` spells out every field).
/// The bytes are those ZIPFoundation 0.9.20's `Archive.addEntry(…, compressionMethod: .none)`
/// wrote, which is what this package used before (a test compares the two): UTF-8 names, DOS
/// time of `NPZFile.memberDate`, mode 0644, ZIP64 records exactly where a size, an offset or
/// the entry count reaches the 32-bit (16-bit) field's maximum.
///
/// Bytes go through one buffer of `bufferCapacity` written with `pwrite(2)` at its offset in
/// the file. A run of at least `holeThreshold` zero bytes is not written at all: the file
/// offset moves past it, so the file system leaves a hole, which reads as zeros (POSIX
/// `lseek`/`pwrite` past the end); its CRC is appended arithmetically (`CRC32.updateZeros`).
final class ZIPStreamWriter: ByteSink {
    /// The values at which a field saturates and ZIP64 takes over; smaller only in tests, which
    /// cannot write 4 GiB.
    struct Limits {
        var size: UInt64 = UInt64(UInt32.max)
        var offset: UInt64 = UInt64(UInt32.max)
        var entries = Int(UInt16.max)
    }

    static let bufferCapacity = 1 << 23
    let fillCapacity = ZIPStreamWriter.bufferCapacity
    /// Zero runs at least this long become holes: one page and more, so that skipping them
    /// saves at least the copy of a page; shorter runs are cheaper written.
    static let holeThreshold = 1 << 14

    /// What the central directory needs of a written member.
    struct Entry {
        let name: [UInt8]
        let size: UInt64
        let crc: UInt32
        let localHeaderOffset: UInt64
    }

    private let fd: Int32
    private let reportedPath: String
    let limits: Limits
    private let buffer = UnsafeMutableRawPointer.allocate(byteCount: ZIPStreamWriter.bufferCapacity, alignment: 64)
    private var used = 0
    /// Where `buffer[0]` goes in the file.
    private var bufferOffset: UInt64 = 0
    /// Zeros announced but not yet placed: adjacent runs (a row's tail and the next row's head)
    /// merge before deciding between a hole and written zeros.
    private var pendingZeros = 0
    private(set) var entries: [Entry] = []
    private var crc = CRC32()
    private var memberWritten: UInt64 = 0

    /// Creates the file at `path`, which must not exist; `reportedPath` names it in errors.
    init(path: String, reportedAs reportedPath: String, limits: Limits = Limits()) throws(FormatError) {
        self.reportedPath = reportedPath
        self.limits = limits
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw failure(errno) }
    }

    deinit {
        buffer.deallocate()
        if fd >= 0 { close(fd) }
    }

    private func failure(_ code: Int32) -> FormatError {
        FormatError(file: reportedPath, message: "cannot write the archive: \(String(cString: strerror(code)))")
    }

    /// The offset in the file of the next byte appended.
    private var position: UInt64 { bufferOffset + UInt64(used + pendingZeros) }

    /// Writes one member: its local header, the `size` bytes `body` appends, its CRC.
    /// - Throws: `FormatError` for a failed write, or when `body` appends other than `size` bytes.
    func addMember(_ name: String, size: Int, body: (ZIPStreamWriter) throws(FormatError) -> Void) throws(FormatError) {
        let nameBytes = Array(name.utf8)
        let headerOffset = position
        let header = localHeader(name: nameBytes, size: UInt64(size), crc: 0)
        try append(header)
        crc = CRC32()
        memberWritten = 0
        try body(self)
        guard memberWritten == UInt64(size) else {
            throw FormatError(file: reportedPath, message: "member '\(name)' produced \(memberWritten) bytes, \(size) declared")
        }
        let checksum = UInt32(truncatingIfNeeded: crc.value)
        var crcField = ZIPRecord()
        crcField.u32(checksum)
        try patch(crcField.bytes, at: headerOffset + 14)
        entries.append(Entry(name: nameBytes, size: UInt64(size), crc: checksum, localHeaderOffset: headerOffset))
    }

    /// Appends bytes to the current member (or the archive's records).
    func append(_ bytes: [UInt8]) throws(FormatError) {
        let result: Result<Void, FormatError> = bytes.withUnsafeBytes { raw in
            Result { () throws(FormatError) in
                if let base = raw.baseAddress { try append(base, count: raw.count) }
            }
        }
        try result.get()
    }

    /// Appends `count` bytes at `bytes`.
    func append(_ bytes: UnsafeRawPointer, count: Int) throws(FormatError) {
        try placePendingZeros()
        crc.update(bytes, count: count)
        memberWritten += UInt64(count)
        var offset = 0
        while offset < count {
            if used == ZIPStreamWriter.bufferCapacity { try flush() }
            let n = min(count - offset, ZIPStreamWriter.bufferCapacity - used)
            (buffer + used).copyMemory(from: bytes + offset, byteCount: n)
            used += n
            offset += n
        }
    }

    /// Lets `fill` write `count` bytes (at most `bufferCapacity`) straight into the buffer.
    func append(count: Int, _ fill: (UnsafeMutableRawPointer) -> Void) throws(FormatError) {
        precondition(count <= ZIPStreamWriter.bufferCapacity, "a fill of \(count) bytes is over the buffer")
        try placePendingZeros()
        if used + count > ZIPStreamWriter.bufferCapacity { try flush() }
        fill(buffer + used)
        crc.update(buffer + used, count: count)
        memberWritten += UInt64(count)
        used += count
    }

    /// Appends `count` zero bytes.
    func appendZeros(_ count: Int) {
        crc.updateZeros(count)
        memberWritten += UInt64(count)
        pendingZeros += count
    }

    private func placePendingZeros() throws(FormatError) {
        guard pendingZeros > 0 else { return }
        let count = pendingZeros
        pendingZeros = 0
        if count >= ZIPStreamWriter.holeThreshold {
            try flush()
            bufferOffset += UInt64(count)
            return
        }
        var remaining = count
        while remaining > 0 {
            if used == ZIPStreamWriter.bufferCapacity { try flush() }
            let n = min(remaining, ZIPStreamWriter.bufferCapacity - used)
            (buffer + used).initializeMemory(as: UInt8.self, repeating: 0, count: n)
            used += n
            remaining -= n
        }
    }

    private func flush() throws(FormatError) {
        var offset = 0
        while offset < used {
            let n = pwrite(fd, buffer + offset, used - offset, off_t(bufferOffset) + off_t(offset))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw failure(n < 0 ? errno : EIO) }
            offset += n
        }
        bufferOffset += UInt64(used)
        used = 0
    }

    /// Overwrites bytes already appended (a local header's CRC), in the buffer or in the file.
    private func patch(_ bytes: [UInt8], at offset: UInt64) throws(FormatError) {
        if offset >= bufferOffset {
            let k = Int(offset - bufferOffset)
            precondition(k + bytes.count <= used, "patch past the written bytes")
            for (j, byte) in bytes.enumerated() { buffer.storeBytes(of: byte, toByteOffset: k + j, as: UInt8.self) }
            return
        }
        let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, bytes.count, off_t(offset)) }
        guard written == bytes.count else { throw failure(written < 0 ? errno : EIO) }
    }

    /// Writes the central directory and the end records, and everything still buffered.
    func finish() throws(FormatError) {
        try placePendingZeros()
        let directoryOffset = position
        var directorySize = 0
        for entry in entries {
            let record = centralHeader(entry)
            directorySize += record.count
            try append(record)
        }
        try append(endRecords(directoryOffset: directoryOffset, directorySize: UInt64(directorySize),
                              endOffset: position))
        try flush()
    }
}

