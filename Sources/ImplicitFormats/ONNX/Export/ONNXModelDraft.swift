import Foundation
import SwiftProtobuf

/// An exported ONNX model before its weights are encoded: the `ModelProto` with every FLOAT
/// initializer's `raw_data` left out, and those raw data as pieces over the model's matrices.
///
/// `pieces()` is the file's bytes, equal to SwiftProtobuf's serialization of the complete
/// proto (`materialized()`; a test compares the two): protobuf writes a message's fields in
/// field-number order, so `ModelProto` is cut around `graph` (7), `GraphProto` around
/// `initializer` (5), and each FLOAT `TensorProto` holds dims (1), data_type (2) and name (8)
/// before its `raw_data` (9) and nothing after it.
struct ONNXModelDraft {
    var proto: Onnx_ModelProto
    /// The raw data of FLOAT initializers, by index in `proto.graph.initializer`.
    var payloads: [Int: Piece]

    /// The bytes of the raw data of all initializers.
    var weightBytes: Int { payloads.values.reduce(0) { $0 + $1.size } }

    /// The `.onnx` file, weights inline.
    func pieces() throws -> [Piece] {
        var head = proto
        head.clearGraph()
        head.opsetImport = []
        head.metadataProps = []
        var tail = Onnx_ModelProto()
        tail.opsetImport = proto.opsetImport
        tail.metadataProps = proto.metadataProps
        return [.bytes(try head.serializedBytes()), .field(7, try graphPieces()), .bytes(try tail.serializedBytes())]
    }

    private func graphPieces() throws -> [Piece] {
        let graph = proto.graph
        var head = graph
        head.initializer = []
        head.clearDocString()
        head.input = []
        head.output = []
        head.valueInfo = []
        var tail = graph
        tail.node = []
        tail.clearName()
        tail.initializer = []
        var pieces: [Piece] = [.bytes(try head.serializedBytes())]
        for (k, tensor) in graph.initializer.enumerated() {
            var tensorPieces: [Piece] = [.bytes(try tensor.serializedBytes())]
            if let payload = payloads[k] { tensorPieces.append(.field(9, [payload])) }
            pieces.append(.field(5, tensorPieces))
        }
        pieces.append(.bytes(try tail.serializedBytes()))
        return pieces
    }

    /// The complete proto, raw data encoded into it.
    func materialized() throws -> Onnx_ModelProto {
        var full = proto
        for (k, payload) in payloads {
            full.graph.initializer[k].rawData = try MemorySink.bytes(of: [payload])
        }
        return full
    }
}
