import Foundation

/// The fixed records of the archives `ZIPStreamWriter` writes (PKWARE APPNOTE 6.3.10, §4.3),
/// field by field as ZIPFoundation 0.9.20 fills them, so that our archives keep their bytes:
/// version made by 789 (UNIX, 2.1), version needed 20 (45 where the local header carries ZIP64
/// sizes), flags 0x0800 (UTF-8 names), method 0 (stored), external attributes `S_IFREG | 0644`
/// in the high half.
extension ZIPStreamWriter {
    static let versionMadeBy: UInt16 = 789
    static let version20: UInt16 = 20
    static let version45: UInt16 = 45
    static let utf8Names: UInt16 = 0x0800
    static let externalAttributes: UInt32 = (0o100000 | 0o644) << 16
    static let zip64ExtraFieldID: UInt16 = 0x0001

    /// Whether a member of this size has ZIP64 sizes in its local header (and so in its
    /// central header too).
    func hasZIP64Sizes(_ size: UInt64) -> Bool { size >= limits.size }

    /// The local file header, with saturated sizes and a ZIP64 extra field (both sizes) past
    /// the size limit.
    func localHeader(name: [UInt8], size: UInt64, crc: UInt32) -> [UInt8] {
        let zip64 = hasZIP64Sizes(size)
        let (date, time) = ZIPStreamWriter.dosDateTime(NPZFile.memberDate)
        var r = ZIPRecord()
        r.u32(0x0403_4B50)
        r.u16(zip64 ? ZIPStreamWriter.version45 : ZIPStreamWriter.version20)
        r.u16(ZIPStreamWriter.utf8Names)
        r.u16(0)
        r.u16(time)
        r.u16(date)
        r.u32(crc)
        r.u32(zip64 ? .max : UInt32(size))
        r.u32(zip64 ? .max : UInt32(size))
        r.u16(UInt16(name.count))
        r.u16(zip64 ? 20 : 0)
        r.bytes += name
        if zip64 {
            r.u16(ZIPStreamWriter.zip64ExtraFieldID)
            r.u16(16)
            r.u64(size)
            r.u64(size)
        }
        return r.bytes
    }

    /// The central directory header of a written member: ZIP64 sizes as in its local header,
    /// and a ZIP64 offset when the local header lies past the offset limit.
    func centralHeader(_ entry: Entry) -> [UInt8] {
        let zip64Sizes = hasZIP64Sizes(entry.size)
        let zip64Offset = entry.localHeaderOffset >= limits.offset
        let extraData = (zip64Sizes ? 16 : 0) + (zip64Offset ? 8 : 0)
        let (date, time) = ZIPStreamWriter.dosDateTime(NPZFile.memberDate)
        var r = ZIPRecord()
        r.u32(0x0201_4B50)
        r.u16(ZIPStreamWriter.versionMadeBy)
        r.u16(zip64Sizes ? ZIPStreamWriter.version45 : ZIPStreamWriter.version20)
        r.u16(ZIPStreamWriter.utf8Names)
        r.u16(0)
        r.u16(time)
        r.u16(date)
        r.u32(entry.crc)
        r.u32(zip64Sizes ? .max : UInt32(entry.size))
        r.u32(zip64Sizes ? .max : UInt32(entry.size))
        r.u16(UInt16(entry.name.count))
        r.u16(extraData == 0 ? 0 : UInt16(4 + extraData))
        r.u16(0)  // comment
        r.u16(0)  // disk
        r.u16(0)  // internal attributes
        r.u32(ZIPStreamWriter.externalAttributes)
        r.u32(zip64Offset ? .max : UInt32(entry.localHeaderOffset))
        r.bytes += entry.name
        if extraData > 0 {
            r.u16(ZIPStreamWriter.zip64ExtraFieldID)
            r.u16(UInt16(extraData))
            if zip64Sizes { r.u64(entry.size); r.u64(entry.size) }
            if zip64Offset { r.u64(entry.localHeaderOffset) }
        }
        return r.bytes
    }

    /// The end of central directory record, preceded by the ZIP64 end record and its locator
    /// when the entry count, the directory's size or its offset saturates its field.
    func endRecords(directoryOffset: UInt64, directorySize: UInt64, endOffset: UInt64) -> [UInt8] {
        let manyEntries = entries.count >= limits.entries
        let largeDirectory = directorySize >= limits.size
        let farDirectory = directoryOffset >= limits.offset
        var r = ZIPRecord()
        if manyEntries || largeDirectory || farDirectory {
            r.u32(0x0606_4B50)
            r.u64(44)  // the record's size after this field
            r.u16(ZIPStreamWriter.versionMadeBy)
            r.u16(ZIPStreamWriter.version45)
            r.u32(0)  // this disk
            r.u32(0)  // the directory's disk
            r.u64(UInt64(entries.count))
            r.u64(UInt64(entries.count))
            r.u64(directorySize)
            r.u64(directoryOffset)
            r.u32(0x0706_4B50)
            r.u32(0)  // the ZIP64 end record's disk
            r.u64(endOffset)
            r.u32(1)  // disks
        }
        r.u32(0x0605_4B50)
        r.u16(0)
        r.u16(0)
        r.u16(manyEntries ? .max : UInt16(entries.count))
        r.u16(manyEntries ? .max : UInt16(entries.count))
        r.u32(largeDirectory ? .max : UInt32(directorySize))
        r.u32(farDirectory ? .max : UInt32(directoryOffset))
        r.u16(0)  // comment
        return r.bytes
    }

    /// MS-DOS date and time (APPNOTE 4.4.6) of `date` in UTC, years clamped to 1980…2099.
    static func dosDateTime(_ date: Date) -> (date: UInt16, time: UInt16) {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return (0, 0) }
        let year = min(max(Int(parts.tm_year) + 1900, 1980), 2099)
        let day = Int(parts.tm_mday) + (Int(parts.tm_mon) + 1) * 32 + (year - 1980) * 512
        let time = Int(parts.tm_sec) / 2 + Int(parts.tm_min) * 32 + Int(parts.tm_hour) * 2048
        return (UInt16(day), UInt16(time))
    }
}

/// Little-endian fields appended one after another.
struct ZIPRecord {
    var bytes: [UInt8] = []

    mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
}
