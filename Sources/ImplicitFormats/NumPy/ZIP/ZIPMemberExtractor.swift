import Foundation
import SystemZlib

/// The uncompressed bytes of one zip member, never more than it declares.
///
/// Deflated members are inflated by zlib into a buffer one byte longer than the declared size:
/// a member that fills the extra byte decompresses to more than it declares (a zip bomb, or a
/// lie) and is refused without inflating further. The CRC-32 of the result must match the
/// central directory's.
enum ZIPMemberExtractor {
    /// zlib counts bytes in 32-bit `uInt`s: larger inputs and outputs are handed over in chunks.
    private static let chunk = 1 << 30

    /// Extracts `member` from the archive's `bytes`.
    /// - Parameter failure: makes the error for a fault in this member.
    /// - Throws: the `failure` for corrupt data, a size other than the declared one, or a CRC mismatch.
    static func extract(_ member: ZIPArchive.Member, from bytes: UnsafeRawBufferPointer,
                        failure: (String) -> FormatError) throws(FormatError) -> Data {
        guard let declared = Int(exactly: member.declaredSize), declared < Int.max else {
            throw failure("declares \(member.declaredSize) bytes uncompressed, more than memory can address")
        }
        let input = UnsafeRawBufferPointer(rebasing: bytes[member.dataRange])
        var data: Data
        switch member.compression {
        case .stored:
            guard input.count == declared else { throw failure("is stored in \(input.count) bytes but declares \(declared)") }
            data = Data(input)
        case .deflated:
            data = try inflate(input, declared: declared, failure: failure)
        }
        guard checksum(data) == member.crc32 else { throw failure("is corrupt (CRC-32 mismatch)") }
        return data
    }

    private static func inflate(_ input: UnsafeRawBufferPointer, declared: Int,
                                failure: (String) -> FormatError) throws(FormatError) -> Data {
        var output = Data(count: declared + 1)
        let result: Result<Int, FormatError> = output.withUnsafeMutableBytes { out in
            Result { () throws(FormatError) in try inflate(input, into: out, declared: declared, failure: failure) }
        }
        let produced = try result.get()
        guard produced == declared else { throw failure("holds \(produced) bytes but declares \(declared)") }
        output.removeLast()
        return output
    }

    /// Inflates `input` into `out` (the declared size plus one byte) and returns the bytes written.
    private static func inflate(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer, declared: Int,
                                failure: (String) -> FormatError) throws(FormatError) -> Int {
        var stream = z_stream()
        // Raw deflate (negative window bits): zip members carry no zlib header.
        guard inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw failure("cannot be inflated: zlib did not start")
        }
        defer { inflateEnd(&stream) }
        var consumed = 0, offered = 0  // input handed to zlib, output room offered to it
        while true {
            if stream.avail_in == 0, consumed < input.count, let base = input.baseAddress {
                let length = min(chunk, input.count - consumed)
                stream.next_in = UnsafeMutablePointer(mutating: base.advanced(by: consumed).assumingMemoryBound(to: Bytef.self))
                stream.avail_in = uInt(length)
                consumed += length
            }
            if stream.avail_out == 0, let base = out.baseAddress {
                let length = min(chunk, out.count - offered)
                stream.next_out = base.advanced(by: offered).assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(length)
                offered += length
            }
            let status = SystemZlib.inflate(&stream, Z_NO_FLUSH)
            let written = offered - Int(stream.avail_out)
            if written > declared { throw failure("decompresses to more than the \(declared) bytes it declares") }
            switch status {
            case Z_STREAM_END:
                return written
            case Z_OK:
                continue
            case Z_BUF_ERROR where stream.avail_in == 0 && consumed == input.count:
                throw failure("its compressed data ends after \(written) of the \(declared) bytes it declares (truncated archive?)")
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw failure("holds corrupt deflate data: \(reason)")
            }
        }
    }

    /// The CRC-32 (ISO 3309, as zip uses) of `data`.
    private static func checksum(_ data: Data) -> UInt32 {
        data.withUnsafeBytes { raw in
            var crc = crc32(0, nil, 0)
            var offset = 0
            while offset < raw.count, let base = raw.baseAddress {
                let length = min(chunk, raw.count - offset)
                crc = crc32(crc, base.advanced(by: offset).assumingMemoryBound(to: Bytef.self), uInt(length))
                offset += length
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }
}
