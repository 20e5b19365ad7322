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
    /// - Throws: `ONNXExportError` for a model that cannot be exported; `FormatError` naming
    ///   the file that cannot be written (an input, an existing file without `force`).
    public func write(_ model: ImplicitModel, to url: URL, externalData: Bool,
                      refusingToOverwrite inputs: [URL], force: Bool) throws {
        var proto = try modelProto(model)
        let weightBytes = proto.graph.initializer.reduce(0) { $0 + $1.rawData.count }
        guard externalData || weightBytes > ONNXExporter.externalDataThreshold else {
            try AtomicFileWriter.write(try serialized(proto), to: url, refusingToOverwrite: inputs, force: force)
            return
        }
        let dataURL = ONNXExporter.externalDataURL(for: url)
        var payloads: [Data] = []
        var offset = 0
        for k in proto.graph.initializer.indices where proto.graph.initializer[k].hasRawData {
            let raw = proto.graph.initializer[k].rawData
            payloads.append(raw)
            proto.graph.initializer[k].clearRawData()
            proto.graph.initializer[k].dataLocation = .external
            proto.graph.initializer[k].externalData = [
                ONNXExporter.entry("location", dataURL.lastPathComponent),
                ONNXExporter.entry("offset", "\(offset)"),
                ONNXExporter.entry("length", "\(raw.count)"),
            ]
            offset += raw.count
        }
        let modelBytes = try serialized(proto)
        var plan = WritePlan(protecting: inputs, force: force)
        plan.add(dataURL, sideFileOf: url) { temporary throws(FormatError) in
            try ONNXExporter.writeConcatenated(payloads, to: temporary, named: dataURL)
        }
        plan.add(url) { () throws(FormatError) in modelBytes }
        try plan.commit()
    }

    private func serialized(_ proto: Onnx_ModelProto) throws -> Data {
        do {
            return try proto.serializedBytes()
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

    /// The payloads one after the other in a new file, without holding them joined in memory.
    private static func writeConcatenated(_ payloads: [Data], to temporary: URL, named target: URL) throws(FormatError) {
        do {
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown)
            }
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            for payload in payloads { try handle.write(contentsOf: payload) }
            try handle.synchronize()
        } catch {
            throw FormatError(file: target.path, message: "cannot write: \(error.localizedDescription)")
        }
    }
}
