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
        let reader = ProtobufWireReader(bytes: bytes)
        var skeleton: [UInt8] = []
        var rawData: [Int: Range<Int>] = [:]
        var initializerCount = 0
        guard reader.forEachField(in: 0..<bytes.count, { field, wireType, whole, payload in
            guard field == modelGraphField, wireType == .lengthDelimited else {
                skeleton.append(contentsOf: bytes[whole])
                return true
            }
            var graph: [UInt8] = []
            let ok = reader.forEachField(in: payload) { field, wireType, whole, payload in
                guard field == graphInitializerField, wireType == .lengthDelimited else {
                    graph.append(contentsOf: bytes[whole])
                    return true
                }
                var tensor: [UInt8] = []
                let ok = reader.forEachField(in: payload) { field, wireType, whole, payload in
                    if field == tensorRawDataField, wireType == .lengthDelimited {
                        rawData[initializerCount] = payload
                    } else {
                        tensor.append(contentsOf: bytes[whole])
                    }
                    return true
                }
                initializerCount += 1
                ProtobufWire.appendLengthDelimited(field: graphInitializerField, tensor, to: &graph)
                return ok
            }
            ProtobufWire.appendLengthDelimited(field: modelGraphField, graph, to: &skeleton)
            return ok
        }) else { return nil }
        return Split(skeleton: skeleton, rawData: rawData)
    }
}
