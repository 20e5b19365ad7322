import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// The ONNX exporter writes its weights from the model's matrices as they are encoded; the
/// file is byte for byte SwiftProtobuf's serialization of the complete `ModelProto` (the
/// encoder it replaced), inline or with external data.
@Suite struct ONNXStreamingWriterTests {
    static func models() throws -> [(String, ImplicitModel)] {
        [("feedforward", try ImplicitModel(assembling: ONNXExporterTests.network(seed: 41))),
         ("cyclic", try ONNXExporterTests.cyclicModel(scale: 0.1)),
         ("corner", try ONNXExporterCornerTests.cornerModel())]
    }

    @Test func streamedBytesEqualTheSerializedProto() throws {
        let directory = try TemporaryDirectory()
        for (name, model) in try Self.models() {
            let proto = try ONNXExporter().modelProto(model)
            let serialized: Data = try proto.serializedBytes()
            #expect(try ONNXExporter().export(model) == serialized, "\(name)")
            let file = directory.file("\(name).onnx")
            try ONNXExporter().write(model, to: file, externalData: false, refusingToOverwrite: [], force: false)
            #expect(try Data(contentsOf: file) == serialized, "\(name)")
        }
    }

    /// The external-data layout of the encoder it replaced: every FLOAT initializer's raw data
    /// moved, in order, to `OUTPUT.data`, its place recorded as `location`, `offset`, `length`.
    @Test func externalDataEqualsTheProtoWithItsRawDataMovedOut() throws {
        let directory = try TemporaryDirectory()
        for (name, model) in try Self.models() {
            var proto = try ONNXExporter().modelProto(model)
            var blob = Data()
            for k in proto.graph.initializer.indices where proto.graph.initializer[k].hasRawData {
                let raw = proto.graph.initializer[k].rawData
                proto.graph.initializer[k].clearRawData()
                proto.graph.initializer[k].dataLocation = .external
                proto.graph.initializer[k].externalData = [("location", "\(name).onnx.data"), ("offset", "\(blob.count)"),
                                                           ("length", "\(raw.count)")].map { key, value in
                    var entry = Onnx_StringStringEntryProto()
                    entry.key = key
                    entry.value = value
                    return entry
                }
                blob.append(raw)
            }
            let file = directory.file("\(name).onnx")
            try ONNXExporter().write(model, to: file, externalData: true, refusingToOverwrite: [], force: false)
            #expect(try Data(contentsOf: file) == (try proto.serializedBytes()), "\(name)")
            #expect(try Data(contentsOf: directory.file("\(name).onnx.data")) == blob, "\(name)")
        }
    }

    /// A weight's raw data is its matrix in row-major order, each element rounded to nearest
    /// float32 — computed here element by element from the model.
    @Test func rawDataIsTheRowMajorFloat32Rounding() throws {
        let model = try ONNXExporterTests.cyclicModel(scale: 0.1)
        let proto = try ONNXExporter().modelProto(model)
        let tensor = try #require(proto.graph.initializer.first { $0.dims == [3, 2] && $0.dataType == ONNXDataType.float })
        let weight = try #require(model.b[0, 0])
        var expected = Data()
        for i in 0..<weight.rows {
            for j in 0..<weight.cols {
                withUnsafeBytes(of: Float(weight[i, j]).bitPattern.littleEndian) { expected.append(contentsOf: $0) }
            }
        }
        #expect(tensor.rawData == expected)
    }

    /// A weight whose rows do not fit the writer's buffer goes in slices, with the same bytes.
    @Test func rowsLongerThanTheBufferAreSliced() throws {
        var rng = SeededGenerator(seed: 5)
        let m = rng.float32Matrix(3, 1000)
        let sink = MemorySink()
        let narrow = TinySink(capacity: 64)
        try sink.emit([.float32Rows(m), .rows(m)])
        try narrow.emit([.float32Rows(m), .rows(m)])
        #expect(narrow.data == sink.data)
        #expect(sink.data.count == 3000 * 4 + 3000 * 8)
    }
}

/// A sink with a small buffer, to exercise the slicing of long rows.
private final class TinySink: ByteSink {
    var data = Data()
    let fillCapacity: Int
    init(capacity: Int) { fillCapacity = capacity }
    func append(_ bytes: [UInt8]) { data.append(contentsOf: bytes) }
    func append(count: Int, _ fill: (UnsafeMutableRawPointer) -> Void) {
        precondition(count <= fillCapacity)
        var chunk = [UInt8](repeating: 0, count: count)
        chunk.withUnsafeMutableBytes { fill($0.baseAddress!) }
        data.append(contentsOf: chunk)
    }
}
