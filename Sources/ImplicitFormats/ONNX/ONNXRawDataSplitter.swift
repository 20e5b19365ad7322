import Foundation

/// Splits a serialized `ModelProto` into a skeleton without the initializers' `raw_data`
/// payloads, and where those payloads lie in the file.
///
/// SwiftProtobuf copies every `bytes` field it decodes, so decoding a 200 MB model whole holds
/// the file twice before a single weight is widened. The skeleton is the same message with
/// field 9 (`raw_data`) of each `graph.initializer` left out; it decodes in microseconds, and the
/// importer attaches each payload as a no-copy slice of the mapped file. Every other byte is
/// kept as it is, so the decoded skeleton plus the slices equal the decoded file.
///
/// Wire layout used (onnx.proto): ModelProto.graph = 7, GraphProto.initializer = 5,
/// TensorProto.raw_data = 9, all length-delimited.
enum ONNXRawDataSplitter {
    struct Split {
        /// The model without initializer payloads.
        var skeleton: [UInt8]
        /// Byte range in the input of the `raw_data` of initializer k (in `graph.initializer`
        /// order), for the initializers that have one.
        var rawData: [Int: Range<Int>]
    }

    private static let modelGraphField = 7
    private static let graphInitializerField = 5
    private static let tensorRawDataField = 9

    /// - Returns: nil when the bytes are not well-formed protobuf wire data (groups, truncated
    ///   fields); the caller then decodes the whole file, which reports the error.
    static func split(_ bytes: UnsafeRawBufferPointer) -> Split? {
        let reader = Reader(bytes: bytes)
        var skeleton: [UInt8] = []
        var rawData: [Int: Range<Int>] = [:]
        var initializerCount = 0
        guard reader.forEachField(in: 0..<bytes.count, { field, wireType, whole, payload in
            guard field == modelGraphField, wireType == 2 else {
                skeleton.append(contentsOf: bytes[whole])
                return true
            }
            var graph: [UInt8] = []
            let ok = reader.forEachField(in: payload) { field, wireType, whole, payload in
                guard field == graphInitializerField, wireType == 2 else {
                    graph.append(contentsOf: bytes[whole])
                    return true
                }
                var tensor: [UInt8] = []
                let ok = reader.forEachField(in: payload) { field, wireType, whole, payload in
                    if field == tensorRawDataField, wireType == 2 {
                        rawData[initializerCount] = payload
                    } else {
                        tensor.append(contentsOf: bytes[whole])
                    }
                    return true
                }
                initializerCount += 1
                appendField(graphInitializerField, tensor, to: &graph)
                return ok
            }
            appendField(modelGraphField, graph, to: &skeleton)
            return ok
        }) else { return nil }
        return Split(skeleton: skeleton, rawData: rawData)
    }

    private static func appendField(_ number: Int, _ payload: [UInt8], to out: inout [UInt8]) {
        appendVarint(UInt64(number << 3 | 2), to: &out)
        appendVarint(UInt64(payload.count), to: &out)
        out.append(contentsOf: payload)
    }

    private static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer

        /// Calls `body(field, wireType, whole field range, payload range)` for each field in
        /// `range`; false when the data are malformed or `body` says so.
        func forEachField(in range: Range<Int>, _ body: (Int, Int, Range<Int>, Range<Int>) -> Bool) -> Bool {
            var i = range.lowerBound
            while i < range.upperBound {
                let start = i
                guard let key = varint(&i, limit: range.upperBound), key >> 3 > 0 else { return false }
                let wireType = Int(key & 7)
                let payloadStart: Int
                switch wireType {
                case 0:
                    guard varint(&i, limit: range.upperBound) != nil else { return false }
                    payloadStart = i
                case 1, 5:
                    let width = wireType == 1 ? 8 : 4
                    guard range.upperBound - i >= width else { return false }
                    payloadStart = i
                    i += width
                case 2:
                    guard let length = varint(&i, limit: range.upperBound), length <= UInt64(range.upperBound - i) else { return false }
                    payloadStart = i
                    i += Int(length)
                default:
                    return false
                }
                guard key >> 3 <= UInt64(Int32.max),
                      body(Int(key >> 3), wireType, start..<i, payloadStart..<i) else { return false }
            }
            return true
        }

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
}
