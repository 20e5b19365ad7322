import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// Initializers stored as ONNX external data read as the same tensors stored inline, are
/// counted against the memory limit, and the exporter's external-data files read back.
@Suite struct ONNXExternalDataTests {
    /// `graph` with the raw payloads of `names` moved to `location` under `directory`, each at
    /// an offset past some padding (so offsets are really used), as PyTorch's exporter stores them.
    static func externalized(_ graph: ONNXTestGraph, _ names: Set<String>, location: String,
                             in directory: TemporaryDirectory) throws -> ONNXTestGraph {
        var g = graph
        var blob = Data()
        for k in g.initializers.indices where names.contains(g.initializers[k].name) {
            blob.append(Data(repeating: 0xAB, count: 13))
            let raw = g.initializers[k].rawData
            g.initializers[k].clearRawData()
            g.initializers[k].dataLocation = .external
            g.initializers[k].externalData = [("location", location), ("offset", "\(blob.count)"), ("length", "\(raw.count)")].map {
                var e = Onnx_StringStringEntryProto()
                e.key = $0.0
                e.value = $0.1
                return e
            }
            blob.append(raw)
        }
        let url = directory.file(location)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try blob.write(to: url)
        return g
    }

    @Test func externalInitializersReadAsTheSameTensorsInline() throws {
        let inline = ONNXMappedReadTests.graph()
        let directory = try TemporaryDirectory()
        let external = try Self.externalized(inline, ["w0", "b0", "w1"], location: "weights/net.bin", in: directory)
        let file = directory.file("net.onnx")
        try external.data().write(to: file)
        let read = try ONNXImporter(file: file.path).read(contentsOf: file.path)
        #expect(read.network == (try inline.read().network))
        guard case .network(let dispatched) = try ModelFile.read(file.path) else {
            Issue.record("an ONNX file must read as a network")
            return
        }
        #expect(dispatched == read.network)
        #expect(ONNXImporter.externalDataFiles(ofModelAt: file.path) == [directory.file("weights/net.bin").path])
    }

    @Test func bytesWithoutAFolderAreRefusedNamingTheFile() throws {
        let directory = try TemporaryDirectory()
        let external = try Self.externalized(ONNXMappedReadTests.graph(), ["w0"], location: "w.bin", in: directory)
        #expect {
            try ONNXImporter(file: "net.onnx").read(external.data())
        } throws: { error in
            "\(error)".contains("initializer 'w0' is stored in the external file 'w.bin'")
        }
    }

    @Test func externalWeightsCountAgainstTheMemoryLimit() throws {
        var rng = SeededGenerator(seed: 3)
        var g = ONNXTestGraph(features: 300)
        g.initializer("w", rng.float32Matrix(300, 300), .raw32)
        g.node("MatMul", ["x", "w"], ["y"], name: "big")
        g.output("y", features: 300)
        let directory = try TemporaryDirectory()
        let file = directory.file("big.onnx")
        try Self.externalized(g, ["w"], location: "big.onnx.data", in: directory).data().write(to: file)
        // 300² doubles are 703 KiB; the importer must refuse them under 512 KiB and read them at 8 MiB.
        #expect {
            try ONNXImporter(file: file.path, memoryLimit: MemoryLimit(bytes: 512 << 10)).read(contentsOf: file.path)
        } throws: { error in
            guard let error = error as? FormatError, case .exceedsMemoryLimit(let shortfall) = error.kind else { return false }
            return error.location == [.path("node 'big' (MatMul)")] && error.message.hasPrefix("initializer 'w' ")
                && shortfall.limit == MemoryLimit(bytes: 512 << 10) && shortfall.doubles == 300 * 300
        }
        _ = try ONNXImporter(file: file.path, memoryLimit: MemoryLimit(bytes: 8 << 20)).read(contentsOf: file.path)
    }

    @Test func exportedExternalDataReadsBackAsTheInlineExport() throws {
        let network = try ONNXMappedReadTests.graph().read().network
        let directory = try TemporaryDirectory()
        let inlinePath = directory.file("inline.onnx").path, externalPath = directory.file("m.onnx").path
        try ModelFile.write(.network(network), to: inlinePath, inputs: [], force: false)
        try ModelFile.write(.network(network), to: externalPath, inputs: [], force: false, onnxExternalData: true)
        #expect(try directory.contents() == ["inline.onnx", "m.onnx", "m.onnx.data"])

        let model = try Onnx_ModelProto(serializedBytes: try Data(contentsOf: directory.file("m.onnx")))
        let floats = model.graph.initializer.filter { $0.dataType == ONNXDataType.float }
        #expect(!floats.isEmpty && floats.allSatisfy { $0.dataLocation == .external && !$0.hasRawData })
        let total = floats.reduce(0) { $0 + ONNXExternalDataFolder.expectedLength($1)! }
        #expect(try Data(contentsOf: directory.file("m.onnx.data")).count == Int(total))

        let inline = try ONNXImporter(file: inlinePath).read(contentsOf: inlinePath).network
        let external = try ONNXImporter(file: externalPath).read(contentsOf: externalPath).network
        #expect(external == inline)
    }

    @Test func exportWritesNeitherFileWhenTheDataFileWouldBeReplaced() throws {
        let network = try ONNXMappedReadTests.graph().read().network
        let directory = try TemporaryDirectory()
        let data = directory.file("m.onnx.data")
        try Data("keep".utf8).write(to: data)
        #expect(throws: FormatError.self) {
            try ModelFile.write(.network(network), to: directory.file("m.onnx").path, inputs: [], force: false, onnxExternalData: true)
        }
        #expect(try directory.contents() == ["m.onnx.data"])
        #expect(try Data(contentsOf: data) == Data("keep".utf8))
        // Nor over a data file that the input model reads, even with force.
        let input = directory.file("in.onnx")
        try Self.externalized(ONNXMappedReadTests.graph(), ["w0"], location: "m.onnx.data", in: directory).data().write(to: input)
        #expect(throws: FormatError.self) {
            try ModelFile.write(.network(network), to: directory.file("m.onnx").path, inputs: [input.path], force: true, onnxExternalData: true)
        }
        #expect(try directory.contents() == ["in.onnx", "m.onnx.data"])
    }
}
