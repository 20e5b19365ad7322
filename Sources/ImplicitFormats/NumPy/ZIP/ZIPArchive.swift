/// The members of a zip archive (the container of `.npz` files), read from its central
/// directory with every count, offset and size checked against the bytes present before it is
/// used.
///
/// Written here rather than taken from ZIPFoundation, whose reader traps (a crash, not an
/// error) on a local-header offset beyond `Int64` and on offsets past the end of in-memory
/// data, as fuzzing found. It reads what NumPy writes and what zip tools commonly produce
/// (PKWARE APPNOTE 6.3): stored and deflated members, ZIP64 counts, sizes and offsets, data
/// descriptors. It refuses encrypted members, other compression methods, archives split across
/// disks, and members whose bytes overlap the central directory.
struct ZIPArchive {
    struct Member {
        /// The path inside the archive (UTF-8).
        let name: String
        let compression: Compression
        let crc32: UInt32
        /// The uncompressed size the archive declares (checked against a budget, and against
        /// what decompression actually produces, before it is trusted).
        let declaredSize: UInt64
        /// Where the member's stored or compressed bytes lie in the archive.
        let dataRange: Range<Int>

        var isDirectory: Bool { name.hasSuffix("/") }
    }

    enum Compression: UInt16 {
        case stored = 0
        case deflated = 8
    }

    let members: [Member]

    private static let endRecordSignature: UInt32 = 0x0605_4B50
    private static let endRecordSize = 22
    private static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    private static let zip64LocatorSize = 20
    private static let zip64RecordSignature: UInt32 = 0x0606_4B50
    private static let zip64RecordSize = 56
    private static let centralHeaderSignature: UInt32 = 0x0201_4B50
    private static let centralHeaderSize = 46
    private static let localHeaderSignature: UInt32 = 0x0403_4B50
    private static let localHeaderSize = 30
    private static let zip64ExtraFieldID: UInt16 = 0x0001

    /// Parses the central directory of `bytes`; `file` names the archive in errors.
    /// - Throws: `FormatError` at `file` (and the member, once its name is known).
    init(bytes: UnsafeRawBufferPointer, file: String) throws(FormatError) {
        let reader = Reader(bytes: LittleEndianBytes(bytes: bytes), file: file)
        members = try reader.members()
    }

    /// The parsing, with the archive's bytes and name at hand for every check.
    private struct Reader {
        let bytes: LittleEndianBytes
        let file: String

        func notAnArchive(_ why: String) -> FormatError {
            FormatError(file: file, message: "is not a zip archive (NPZ): \(why)")
        }

        func damaged(_ why: String, member: String? = nil) -> FormatError {
            FormatError(file: file, location: member.map { [.member($0)] } ?? [], message: "damaged zip archive: \(why)")
        }

        /// Where the central directory lies and how many entries it holds.
        struct Directory {
            var offset: Int
            var size: Int
            var entries: Int
            /// The first byte after the directory that belongs to the end records.
            var end: Int
        }

        func members() throws(FormatError) -> [Member] {
            let directory = try locateDirectory()
            var members: [Member] = []
            members.reserveCapacity(directory.entries)
            var offset = directory.offset
            for index in 0..<directory.entries {
                let (member, next) = try centralEntry(at: offset, index: index, directory: directory)
                members.append(member)
                offset = next
            }
            return members
        }

        /// Finds the end-of-central-directory record (the last signature whose comment fits in
        /// the file) and, when present, its ZIP64 counterpart.
        func locateDirectory() throws(FormatError) -> Directory {
            guard bytes.count >= endRecordSize else {
                throw notAnArchive("\(bytes.count) bytes, shorter than an end-of-central-directory record")
            }
            var start = bytes.count - endRecordSize
            let lowest = max(0, start - Int(UInt16.max))
            var found: Int?
            while start >= lowest {
                if bytes.u32(start) == endRecordSignature, let comment = bytes.u16(start + 20),
                   start + endRecordSize + Int(comment) <= bytes.count {
                    found = start
                    break
                }
                start -= 1
            }
            guard let record = found,
                  let disk = bytes.u16(record + 4), let directoryDisk = bytes.u16(record + 6),
                  let entries = bytes.u16(record + 10), let size = bytes.u32(record + 12),
                  let offset = bytes.u32(record + 16) else {
                throw notAnArchive("no end-of-central-directory record")
            }
            var directory = Directory(offset: Int(offset), size: Int(size), entries: Int(entries), end: record)
            var disks = [UInt32(disk), UInt32(directoryDisk)]
            if record >= zip64LocatorSize, bytes.u32(record - zip64LocatorSize) == zip64LocatorSignature {
                let locator = record - zip64LocatorSize
                guard let recordOffset = bytes.u64(locator + 8), let locatorDisk = bytes.u32(locator + 4),
                      let diskCount = bytes.u32(locator + 16) else { throw damaged("truncated ZIP64 locator") }
                guard locator >= zip64RecordSize, recordOffset <= UInt64(locator - zip64RecordSize) else {
                    throw damaged("the ZIP64 end record at offset \(recordOffset) is not before its locator at \(locator)")
                }
                let zip64 = Int(recordOffset)
                guard bytes.u32(zip64) == zip64RecordSignature,
                      let zip64Disk = bytes.u32(zip64 + 16), let zip64DirectoryDisk = bytes.u32(zip64 + 20),
                      let zip64Entries = bytes.u64(zip64 + 32), let zip64Size = bytes.u64(zip64 + 40),
                      let zip64Offset = bytes.u64(zip64 + 48) else {
                    throw damaged("no ZIP64 end record at offset \(zip64)")
                }
                disks += [locatorDisk, zip64Disk, zip64DirectoryDisk, diskCount == 0 ? 0 : diskCount - 1]
                guard let entries = Int(exactly: zip64Entries), let size = Int(exactly: zip64Size),
                      let offset = Int(exactly: zip64Offset) else {
                    throw damaged("ZIP64 end record declares \(zip64Entries) entries, \(zip64Size) bytes at offset \(zip64Offset)")
                }
                directory = Directory(offset: offset, size: size, entries: entries, end: zip64)
            }
            guard disks.allSatisfy({ $0 == 0 }) else { throw damaged("the archive spans several disks") }
            guard bytes.contains(directory.offset, directory.size), directory.offset + directory.size <= directory.end else {
                throw damaged("central directory of \(directory.size) bytes at offset \(directory.offset) does not fit before its end record at \(directory.end)")
            }
            guard directory.entries <= directory.size / centralHeaderSize else {
                throw damaged("central directory of \(directory.size) bytes cannot hold the \(directory.entries) entries it declares")
            }
            return directory
        }

        /// The entry at `offset` and the offset of the next one.
        func centralEntry(at offset: Int, index: Int, directory: Directory) throws(FormatError) -> (Member, Int) {
            let limit = directory.offset + directory.size
            guard offset + centralHeaderSize <= limit, bytes.u32(offset) == centralHeaderSignature,
                  let flags = bytes.u16(offset + 8), let method = bytes.u16(offset + 10),
                  let crc = bytes.u32(offset + 16), let compressed32 = bytes.u32(offset + 20),
                  let uncompressed32 = bytes.u32(offset + 24), let nameLength = bytes.u16(offset + 28),
                  let extraLength = bytes.u16(offset + 30), let commentLength = bytes.u16(offset + 32),
                  let disk16 = bytes.u16(offset + 34), let local32 = bytes.u32(offset + 42) else {
                throw damaged("central directory entry \(index) at offset \(offset) is not an entry header")
            }
            let nameStart = offset + centralHeaderSize
            let extraStart = nameStart + Int(nameLength)
            let next = extraStart + Int(extraLength) + Int(commentLength)
            guard next <= limit, let nameBytes = bytes.slice(nameStart, Int(nameLength)),
                  let extra = bytes.slice(extraStart, Int(extraLength)) else {
                throw damaged("central directory entry \(index) runs past the end of the directory")
            }
            let name = String(decoding: nameBytes, as: UTF8.self)
            var uncompressed = UInt64(uncompressed32), compressed = UInt64(compressed32), local = UInt64(local32)
            var disk = UInt32(disk16)
            if uncompressed32 == .max || compressed32 == .max || local32 == .max || disk16 == .max {
                guard let field = Self.zip64Field(extra) else {
                    throw damaged("saturated sizes or offset but no ZIP64 extra field", member: name)
                }
                // The field holds, in this order, only the values saturated in the header.
                var cursor = 0
                func take(_ size: Int) throws(FormatError) -> UInt64 {
                    let value = size == 8 ? field.u64(cursor) : field.u32(cursor).map(UInt64.init)
                    guard let value else { throw damaged("ZIP64 extra field too short", member: name) }
                    cursor += size
                    return value
                }
                if uncompressed32 == .max { uncompressed = try take(8) }
                if compressed32 == .max { compressed = try take(8) }
                if local32 == .max { local = try take(8) }
                if disk16 == .max { disk = UInt32(truncatingIfNeeded: try take(4)) }
            }
            guard disk == 0 else { throw damaged("the member starts on disk \(disk)", member: name) }
            guard flags & 1 == 0 else {
                throw FormatError(file: file, location: [.member(name)], message: "is encrypted, which NPZ files never are")
            }
            guard let compression = Compression(rawValue: method) else {
                throw FormatError(file: file, location: [.member(name)],
                                  message: "is compressed with zip method \(method); only stored (0) and deflated (8) members can be read")
            }
            let dataRange = try memberData(name: name, localHeader: local, compressedSize: compressed, directory: directory)
            let member = Member(name: name, compression: compression, crc32: crc, declaredSize: uncompressed, dataRange: dataRange)
            return (member, next)
        }

        /// The bytes of a member: after its local header, before the central directory.
        func memberData(name: String, localHeader: UInt64, compressedSize: UInt64,
                        directory: Directory) throws(FormatError) -> Range<Int> {
            guard let local = Int(exactly: localHeader), local <= directory.offset - localHeaderSize,
                  bytes.u32(local) == localHeaderSignature,
                  let nameLength = bytes.u16(local + 26), let extraLength = bytes.u16(local + 28) else {
                throw damaged("no local header at offset \(localHeader) (the archive holds \(bytes.count) bytes, its central directory starts at \(directory.offset))", member: name)
            }
            let start = local + localHeaderSize + Int(nameLength) + Int(extraLength)
            guard let size = Int(exactly: compressedSize), size <= directory.offset, start <= directory.offset - size else {
                throw damaged("\(compressedSize) bytes of data from offset \(start) run into the central directory at \(directory.offset)", member: name)
            }
            return start..<(start + size)
        }

        /// The data of the ZIP64 extended-information extra field (header ID 1), if present.
        static func zip64Field(_ extra: UnsafeRawBufferPointer) -> LittleEndianBytes? {
            let fields = LittleEndianBytes(bytes: extra)
            var offset = 0
            while let id = fields.u16(offset), let size = fields.u16(offset + 2) {
                guard let data = fields.slice(offset + 4, Int(size)) else { return nil }
                if id == zip64ExtraFieldID { return LittleEndianBytes(bytes: data) }
                offset += 4 + Int(size)
            }
            return nil
        }
    }
}
