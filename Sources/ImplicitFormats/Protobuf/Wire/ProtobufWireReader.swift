/// Walks the fields of protobuf wire data in place, without decoding them (`ProtobufWire`).
struct ProtobufWireReader {
    let bytes: UnsafeRawBufferPointer

    /// Calls `body(field, wire type, whole field range, payload range)` for each field in
    /// `range`; false when the data are malformed (groups, a truncated field, field number 0 or
    /// beyond Int32) or `body` says so.
    func forEachField(in range: Range<Int>, _ body: (Int, ProtobufWire.WireType, Range<Int>, Range<Int>) -> Bool) -> Bool {
        var i = range.lowerBound
        while i < range.upperBound {
            let start = i
            guard let key = varint(&i, limit: range.upperBound), key >> 3 > 0,
                  let wireType = ProtobufWire.WireType(rawValue: Int(key & 7)) else { return false }
            let payloadStart: Int
            switch wireType {
            case .varint:
                guard varint(&i, limit: range.upperBound) != nil else { return false }
                payloadStart = i
            case .fixed64, .fixed32:
                let width = wireType == .fixed64 ? 8 : 4
                guard range.upperBound - i >= width else { return false }
                payloadStart = i
                i += width
            case .lengthDelimited:
                guard let length = varint(&i, limit: range.upperBound), length <= UInt64(range.upperBound - i) else { return false }
                payloadStart = i
                i += Int(length)
            }
            guard key >> 3 <= UInt64(Int32.max),
                  body(Int(key >> 3), wireType, start..<i, payloadStart..<i) else { return false }
        }
        return true
    }

    /// The varint at `i`, which moves past it; nil when it runs past `limit` or 64 bits.
    private func varint(_ i: inout Int, limit: Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while i < limit, shift < 64 {
            let byte = bytes[i]
            i += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}

extension ProtobufWireReader {
    /// A serialized message cut before its first field numbered `number` or above, where the
    /// streaming writers insert the pieces of field `number`: SwiftProtobuf writes fields in
    /// number order, so the two parts around the inserted field encode the same message.
    /// - Returns: nil when `message` is not well-formed wire data.
    static func cut(_ message: [UInt8], beforeField number: Int) -> (before: [UInt8], after: [UInt8])? {
        message.withUnsafeBytes { bytes -> (before: [UInt8], after: [UInt8])? in
            var cut = bytes.count
            let wellFormed = ProtobufWireReader(bytes: bytes).forEachField(in: 0..<bytes.count) { field, _, whole, _ in
                if field >= number, cut == bytes.count { cut = whole.lowerBound }
                return true
            }
            guard wellFormed else { return nil }
            return (Array(message[..<cut]), Array(message[cut...]))
        }
    }
}
