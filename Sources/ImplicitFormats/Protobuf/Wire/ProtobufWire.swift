/// The protobuf wire format as the hand-written encoders need it: base-128 varints, field keys
/// and length-delimited fields, byte for byte as SwiftProtobuf writes them (`ProtobufWireTests`).
///
/// A field is its key `(number << 3) | wire type` as a varint, then the payload; a
/// length-delimited field (wire type 2: messages, bytes, packed arrays) puts the payload's
/// length, a varint, between the two. Used by the streaming writers (`Piece`), which size
/// every field before writing it, and by `ONNXRawDataSplitter`, which re-encodes the messages
/// it trims.
enum ProtobufWire {
    /// The wire types of protobuf 3 (groups, types 3 and 4, are not used).
    enum WireType: Int {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    /// Bytes of `value` as a varint: 7 bits a byte, 1 to 10 bytes.
    static func varintSize(_ value: UInt64) -> Int {
        var v = value, n = 1
        while v >= 0x80 { v >>= 7; n += 1 }
        return n
    }

    /// Appends `value` as a varint, low 7 bits first, the high bit of every byte but the last set.
    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// The key of field `number` with a length-delimited payload.
    static func lengthDelimitedKey(_ number: Int) -> UInt64 {
        UInt64(number) << 3 | UInt64(WireType.lengthDelimited.rawValue)
    }

    /// Bytes before a length-delimited payload of `length` bytes: its key and its length.
    static func lengthDelimitedHeaderSize(field number: Int, length: Int) -> Int {
        varintSize(lengthDelimitedKey(number)) + varintSize(UInt64(length))
    }

    /// The key and length that open field `number` with a payload of `length` bytes.
    static func lengthDelimitedHeader(field number: Int, length: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(lengthDelimitedHeaderSize(field: number, length: length))
        appendVarint(lengthDelimitedKey(number), to: &out)
        appendVarint(UInt64(length), to: &out)
        return out
    }

    /// Appends field `number` holding `payload`, length-delimited.
    static func appendLengthDelimited(field number: Int, _ payload: [UInt8], to out: inout [UInt8]) {
        appendVarint(lengthDelimitedKey(number), to: &out)
        appendVarint(UInt64(payload.count), to: &out)
        out.append(contentsOf: payload)
    }
}
