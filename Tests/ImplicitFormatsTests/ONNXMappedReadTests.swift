import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// Reading an ONNX file in place (mapped, payloads split off, weights widened straight into
/// their layout) gives the network that decoding the whole file gives, and the same errors.
@Suite struct ONNXMappedReadTests {
    /// Gemm(transB = 0 and 1) and MatMul layers with every storage of their weights; with
    /// `duplicate`, the last weight is given twice under one name (which a reader must refuse).
    static func graph(duplicate: Bool = false) -> ONNXTestGraph {
        var rng = SeededGenerator(seed: 9)
        var g = ONNXTestGraph(features: 5)
        g.initializer("w0", rng.float32Matrix(7, 5), .raw32)          // used as Gemm(transB = 1)
        g.initializer("b0", [7], rng.float32Vector(7), .raw32)
        g.node("Gemm", ["x", "w0", "b0"], ["h0"], name: "fc0", ONNXTestGraph.int("transB", 1))
        g.node("Relu", ["h0"], ["r0"], name: "relu0")
        g.initializer("w1", rng.float32Matrix(7, 6), .raw64)          // Gemm(transB = 0), double
        g.node("Gemm", ["r0", "w1"], ["h1"], name: "fc1", ONNXTestGraph.float("alpha", 0.5))
        g.node("Tanh", ["h1"], ["t1"], name: "tanh1")
        g.initializer("w2", rng.float32Matrix(6, 4), .floatData)      // typed field, not raw
        g.node("MatMul", ["t1", "w2"], ["h2"], name: "mm2")
        g.node("Relu", ["h2"], ["r2"], name: "relu2")
        g.initializer("w3", rng.float32Matrix(4, 3), .raw32)
        if duplicate { g.initializer("w3", rng.float32Matrix(4, 3), .raw32) }
        g.node("MatMul", ["r2", "w3"], ["y"], name: "out")
        g.output("y", features: 3)
        return g
    }

    @Test func mappedReadEqualsWholeDecoding() throws {
        let g = Self.graph()
        let directory = try TemporaryDirectory()
        let file = directory.file("net.onnx")
        try g.data().write(to: file)
        let mapped = try ONNXImporter(file: file.path).read(contentsOf: file.path)
        let whole = try ONNXImporter(file: file.path).read(g.data())
        #expect(mapped.network == whole.network)
        #expect(mapped.outputName == whole.outputName)
        // Through the dispatch, as the CLI reads it.
        guard case .network(let dispatched) = try ModelFile.read(file.path) else {
            Issue.record("an ONNX file must read as a network")
            return
        }
        #expect(dispatched == whole.network)
    }

    @Test func splitterKeepsEverythingButThePayloads() throws {
        let bytes = try Self.graph(duplicate: true).data()
        let split = try #require(bytes.withUnsafeBytes { ONNXRawDataSplitter.split($0) })
        var skeleton = try Onnx_ModelProto(serializedBytes: split.skeleton)
        #expect(split.rawData.count == 5)  // w0, b0, w1 and both w3
        for (k, range) in split.rawData {
            #expect(!skeleton.graph.initializer[k].hasRawData)
            skeleton.graph.initializer[k].rawData = bytes.subdata(in: range)
        }
        #expect(skeleton == (try Onnx_ModelProto(serializedBytes: bytes)))
    }

    /// Two initializers of one name: onnxruntime takes the first, a dictionary the last; both
    /// reading paths refuse the file with the same error.
    @Test func aNameGivenTwiceIsRefusedByBothPaths() throws {
        let g = Self.graph(duplicate: true)
        let directory = try TemporaryDirectory()
        let file = directory.file("net.onnx")
        try g.data().write(to: file)
        let importer = ONNXImporter(file: file.path)
        var wholeError: FormatError?
        do { _ = try importer.read(g.data()) } catch let error as FormatError { wholeError = error }
        var mappedError: FormatError?
        do { _ = try importer.read(contentsOf: file.path) } catch let error as FormatError { mappedError = error }
        #expect(wholeError?.description == "\(file.path): initializer 'w3': is given twice (an ONNX graph names each initializer once)")
        #expect(mappedError == wholeError)
    }

    @Test func malformedFilesGiveTheWholeDecodingError() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("bad.onnx")
        let garbage = Data([0x3A, 0xFF, 0xFF, 0x01, 0x02])  // field 7, a length past the end
        try garbage.write(to: file)
        let importer = ONNXImporter(file: file.path)
        var wholeError: FormatError?
        do { _ = try importer.read(garbage) } catch let error as FormatError { wholeError = error }
        var mappedError: FormatError?
        do { _ = try importer.read(contentsOf: file.path) } catch let error as FormatError { mappedError = error }
        #expect(wholeError != nil)
        #expect(mappedError == wholeError)
        #expect(throws: FormatError.self) { try importer.read(contentsOf: directory.file("missing.onnx").path) }
    }
}
