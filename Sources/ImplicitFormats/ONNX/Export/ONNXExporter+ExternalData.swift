import Foundation
import ImplicitModel

extension ONNXExporter {
    /// Weights beyond this many bytes are written as external data whatever the caller asks:
    /// protobuf cannot encode a message past 2 GiB, and 1 GiB leaves room for the graph.
    public static let externalDataThreshold = 1 << 30

    /// The external data file of the model file `url`: `m.onnx` → `m.onnx.data`, next to it, as
    /// PyTorch's exporter names it.
    public static func externalDataURL(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent + ".data")
    }

    /// Writes `model` as an `.onnx` file, atomically and never over an input. With
    /// `externalData`, or when the weights exceed `externalDataThreshold`, every initializer's
    /// raw bytes go to `externalDataURL(for: url)` (one after the other, `location`, `offset`
    /// and `length` recorded in the model as ONNX specifies), and the two files go through one
    /// `WritePlan`: both checked before either is written, the data file moved into place
    /// first, so a complete model never references a missing file.
    ///
    /// Either way the weights go from the model's matrices to the file a band of rows at a
    /// time, rounded to float32 as they are written (`ONNXModelDraft`): no `ModelProto` holding
    /// them, nor its serialized bytes, is formed in memory.
    /// - Throws: `ONNXExportError` for a model that cannot be exported; `FormatError` naming
    ///   the file that cannot be written (an input, an existing file without `force`).
    public func write(_ model: ImplicitModel, to url: URL, externalData: Bool,
                      refusingToOverwrite inputs: [URL], force: Bool) throws {
        var draft = try self.draft(model)
        guard externalData || draft.weightBytes > ONNXExporter.externalDataThreshold else {
            let pieces = try encodable { try draft.pieces() }
            try AtomicFileWriter.write(to: url, refusingToOverwrite: inputs, force: force) { temporary throws(FormatError) in
                try ChunkedFileSink.write(pieces, to: temporary.path, reportedAs: url.path)
            }
            return
        }
        let dataURL = ONNXExporter.externalDataURL(for: url)
        var payloads: [Piece] = []
        var offset = 0
        for k in draft.proto.graph.initializer.indices {
            guard let payload = draft.payloads[k] else { continue }
            payloads.append(payload)
            draft.proto.graph.initializer[k].dataLocation = .external
            draft.proto.graph.initializer[k].externalData = [
                ONNXExporter.entry("location", dataURL.lastPathComponent),
                ONNXExporter.entry("offset", "\(offset)"),
                ONNXExporter.entry("length", "\(payload.size)"),
            ]
            offset += payload.size
        }
        let proto = draft.proto
        let modelBytes: Data = try encodable { try proto.serializedBytes() }
        var plan = WritePlan(protecting: inputs, force: force)
        plan.add(dataURL, sideFileOf: url) { temporary throws(FormatError) in
            try ChunkedFileSink.write(payloads, to: temporary.path, reportedAs: dataURL.path)
        }
        plan.add(url) { () throws(FormatError) in modelBytes }
        try plan.commit()
    }

    /// `encode()`, its failure as the exporter's.
    private func encodable<T>(_ encode: () throws -> T) throws -> T {
        do {
            return try encode()
        } catch {
            throw ONNXExportError.invalidModel("the ONNX graph cannot be encoded: \(error)")
        }
    }

    private static func entry(_ key: String, _ value: String) -> Onnx_StringStringEntryProto {
        var entry = Onnx_StringStringEntryProto()
        entry.key = key
        entry.value = value
        return entry
    }
}
