import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitTestSupport

/// The zip reader under NPZ files: what zip tools write reads back exactly, and damaged or
/// hostile archives are refused with an error, never a trap.
struct ZIPArchiveTests {
    /// Python's zipfile writing to a stream: deflated members with data descriptors, ZIP64
    /// local headers whose sizes say "see elsewhere", and an archive comment. The central
    /// directory has the truth, and the arrays equal those of `np.savez`.
    @Test func streamedArchiveReadsLikeNumPysOwn() throws {
        let streamed = try NPZFile.read(Fixtures.url("model_streamed.npz"))
        let saved = try NPZFile.read(Fixtures.url("model_numpy.npz"))
        #expect(streamed.keys.sorted() == ["A", "B", "C", "D", "activation", "bias_x", "bias_y", "head"])
        #expect(streamed == saved)
    }

    /// Sizes and the local-header offset in the ZIP64 extra field, counts in a ZIP64 end
    /// record found through its locator: the member's bytes come back.
    @Test func zip64FieldsAreRead() throws {
        let payload = Data((0..<200).map { UInt8($0 % 251) })
        let archive = HandmadeZIP(name: "x.bin", payload: payload, zip64: true).bytes
        let members = try archive.withUnsafeBytes { try ZIPArchive(bytes: $0, file: "z.zip").members }
        #expect(members.count == 1)
        #expect(members.first?.name == "x.bin")
        #expect(members.first?.declaredSize == 200)
        let data = try archive.withUnsafeBytes { bytes in
            try ZIPMemberExtractor.extract(members[0], from: bytes) { FormatError(file: "z.zip", $0) }
        }
        #expect(data == payload)
    }

    /// An archive split across disks, and an encrypted member, are refused by name.
    @Test func refusesSplitArchivesAndEncryption() throws {
        let archive = HandmadeZIP(name: "x.bin", payload: Data([1, 2, 3]), zip64: false).bytes
        let endRecord = archive.count - 22 - "handmade".utf8.count
        var split = archive
        split[endRecord + 4] = 1  // number of this disk
        let splitError = Fixtures.error { try split.withUnsafeBytes { try ZIPArchive(bytes: $0, file: "z.zip") } }
        #expect(splitError?.message == "damaged zip archive: the archive spans several disks")
        var encrypted = archive
        let central = archive.count - 22 - "handmade".utf8.count - 46 - "x.bin".utf8.count
        encrypted[central + 8] |= 1  // general-purpose flag bit 0
        let encryptedError = Fixtures.error { try encrypted.withUnsafeBytes { try ZIPArchive(bytes: $0, file: "z.zip") } }
        #expect(encryptedError?.description == "z.zip: member 'x.bin': is encrypted, which NPZ files never are")
        #expect(throws: Never.self) { try archive.withUnsafeBytes { try ZIPArchive(bytes: $0, file: "z.zip") } }
    }

    /// Every prefix of an archive, and many with bytes changed, read or fail with a
    /// `FormatError`: in a debug build any arithmetic overflow or out-of-bounds read would trap.
    @Test func damagedArchivesFailCleanly() throws {
        let original = try Fixtures.bytes("model_numpy_compressed.npz")
        #expect(throws: Never.self) { try NPZFile.read(data: original, file: "m.npz") }
        for length in 0..<original.count {
            #expect(throws: FormatError.self) { try NPZFile.read(data: original.prefix(length), file: "m.npz") }
        }
        var rng = SeededGenerator(seed: 2026)
        var refused = 0
        for _ in 0..<3000 {
            var bytes = [UInt8](original)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let position = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[position] = [0x00, 0xFF, 0x7F, 0x80, UInt8.random(in: 0...255, using: &rng)].randomElement(using: &rng)!
            }
            do {
                _ = try NPZFile.read(data: Data(bytes), file: "m.npz", maxBytes: 1 << 20)
            } catch {
                refused += 1
            }
        }
        #expect(refused > 1000, "most byte changes break a compressed archive")
    }
}

/// A one-member stored zip archive written field by field (PKWARE APPNOTE 6.3), optionally
/// with every size and offset in ZIP64 form.
private struct HandmadeZIP {
    var bytes = Data()

    init(name: String, payload: Data, zip64: Bool) {
        let nameBytes = Data(name.utf8)
        let crc = CRC32.of(payload)
        let saturated = UInt32.max
        // Local header, then the data.
        u32(0x0403_4B50); u16(45); u16(0); u16(0); u16(0); u16(0); u32(crc)
        u32(zip64 ? saturated : UInt32(payload.count)); u32(zip64 ? saturated : UInt32(payload.count))
        u16(UInt16(nameBytes.count)); u16(0)
        bytes += nameBytes + payload
        // Central directory entry.
        let directoryOffset = bytes.count
        var extra = Data()
        if zip64 {
            extra = HandmadeZIP.littleEndian(UInt16(1), 2) + HandmadeZIP.littleEndian(UInt16(24), 2)
                + HandmadeZIP.littleEndian(UInt64(payload.count), 8) + HandmadeZIP.littleEndian(UInt64(payload.count), 8)
                + HandmadeZIP.littleEndian(UInt64(0), 8)
        }
        u32(0x0201_4B50); u16(45); u16(45); u16(0); u16(0); u16(0); u16(0); u32(crc)
        u32(zip64 ? saturated : UInt32(payload.count)); u32(zip64 ? saturated : UInt32(payload.count))
        u16(UInt16(nameBytes.count)); u16(UInt16(extra.count)); u16(0); u16(0); u16(0); u32(0)
        u32(zip64 ? saturated : 0)
        bytes += nameBytes + extra
        let directorySize = bytes.count - directoryOffset
        if zip64 {
            let recordOffset = bytes.count
            u32(0x0606_4B50); u64(44); u16(45); u16(45); u32(0); u32(0)
            u64(1); u64(1); u64(UInt64(directorySize)); u64(UInt64(directoryOffset))
            u32(0x0706_4B50); u32(0); u64(UInt64(recordOffset)); u32(1)
        }
        u32(0x0605_4B50); u16(0); u16(0)
        u16(zip64 ? .max : 1); u16(zip64 ? .max : 1)
        u32(zip64 ? saturated : UInt32(directorySize)); u32(zip64 ? saturated : UInt32(directoryOffset))
        let comment = Data("handmade".utf8)
        u16(UInt16(comment.count))
        bytes += comment
    }

    static func littleEndian<T: FixedWidthInteger>(_ value: T, _ size: Int) -> Data {
        Data((0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) })
    }

    private mutating func u16(_ value: UInt16) { bytes += Self.littleEndian(value, 2) }
    private mutating func u32(_ value: UInt32) { bytes += Self.littleEndian(value, 4) }
    private mutating func u64(_ value: UInt64) { bytes += Self.littleEndian(value, 8) }
}

/// The CRC-32 of zip (reflected polynomial 0xEDB88320), computed bit by bit: an independent
/// check on the reader's zlib checksum.
private enum CRC32 {
    static func of(_ data: Data) -> UInt32 {
        var crc = UInt32.max
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
