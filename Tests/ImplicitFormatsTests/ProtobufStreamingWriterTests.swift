import Foundation
import ImplicitTestSupport
import Testing
@testable import ImplicitFormats
import ImplicitModel

/// The streaming `.pb` writer writes exactly the bytes SwiftProtobuf serializes, whichever
/// blocks are streamed.
@Suite struct ProtobufStreamingWriterTests {
    /// Blocks above and below the streaming size, one mostly zero (written sparse), D present.
    static func model() throws -> ImplicitModel {
        var rng = SeededGenerator(seed: 77)
        let blocks = [StateBlock(name: "big", size: 300, activation: .relu),
                      StateBlock(name: "second", size: 230, activation: .leakyReLU(alpha: 0.2)),
                      StateBlock(name: "small", size: 3, activation: .tanh)]
        var model = ImplicitModel.Builder(try RandomModel.make(blocks: blocks, inputs: 290, outputs: 4, density: 1, using: &rng))
        var sparse = Matrix(rows: 230, cols: 300)
        for k in stride(from: 0, to: sparse.count, by: 7) { sparse[columnMajorIndex: k] = Double(k) }
        model.a[1, 0] = sparse
        #expect(300 * 230 >= ProtobufModelWriter.streamedBlockElements)
        return try model.build()
    }

    /// Streams `document` to `name` in `directory`, expects the file to hold exactly SwiftProtobuf's
    /// serialisation of it, and returns what reading the file gives back.
    static func streamedAndReadBack(_ document: ModelDocument, as name: String, in directory: TemporaryDirectory) throws -> ModelDocument {
        let file = directory.file(name)
        try ProtobufModelWriter().writeBinary(document, to: file)
        let written = try Data(contentsOf: file)
        #expect(written == (try ProtobufModelWriter().binary(document, file: name)), "\(name) differs from SwiftProtobuf's bytes")
        return try ProtobufModelReader(file: name).read(binary: written)
    }

    @Test func implicitModelsAreByteIdentical() throws {
        let directory = try TemporaryDirectory()
        guard case .implicit(let read) = try Self.streamedAndReadBack(.implicit(Self.model()), as: "m.pb", in: directory) else {
            Issue.record("the file must read as an implicit model")
            return
        }
        #expect(read == (try Self.model()))
        #expect(try directory.contents() == ["m.pb"])
    }

    @Test func networksAndModelsWithoutDAreByteIdentical() throws {
        let directory = try TemporaryDirectory()
        var parts = ImplicitModel.Builder(try Self.model())
        parts.d = Matrix(rows: parts.output.size, cols: parts.input.size)
        let model = try parts.build()
        var rng = SeededGenerator(seed: 78)
        let network = RandomNetwork.make(layers: 3, input: 4, output: 2, dag: true, using: &rng)
        for (name, document) in [("a.pb", ModelDocument.implicit(model)), ("b.pb", .network(network))] {
            try ProtobufModelWriter().writeBinary(document, to: directory.file(name))
            #expect(try Data(contentsOf: directory.file(name)) == (try ProtobufModelWriter().binary(document, file: name)))
        }
    }

    /// A network with large dense terms (streamed), a sparse one and small ones, a skip
    /// connection and a head: the pieces cut around each streamed term give SwiftProtobuf's bytes.
    @Test func networksWithStreamedTermsAreByteIdentical() throws {
        let directory = try TemporaryDirectory()
        var rng = SeededGenerator(seed: 79)
        var sparse = Matrix(rows: 260, cols: 300)
        for k in stride(from: 0, to: sparse.count, by: 11) { sparse[columnMajorIndex: k] = Double(k) }
        let network = Network(
            input: Port(name: "u", size: 300),
            layers: [Layer(name: "h0", activation: .relu, terms: [Term(source: "u", weight: rng.matrix(260, 300))], bias: rng.vector(260)),
                     Layer(name: "h1", activation: .leakyReLU(alpha: 0.1),
                           terms: [Term(source: "h0", weight: rng.matrix(260, 260)), Term(source: "u", weight: sparse)], bias: rng.vector(260)),
                     Layer(name: "h2", activation: .tanh, terms: [Term(source: "h1", weight: rng.matrix(3, 260))], bias: [0, 1, 2])],
            output: Readout(name: "y", terms: [Term(source: "h2", weight: rng.matrix(2, 3)), Term(source: "h1", weight: rng.matrix(2, 260))],
                            bias: [0.5, -1], head: .softmax))
        #expect(260 * 300 >= ProtobufModelWriter.streamedBlockElements && 260 * 260 >= ProtobufModelWriter.streamedBlockElements)
        try Self.expectStreamedBytesAreSwiftProtobufs(network, in: directory)
    }

    /// `writeBinary` of `network` writes SwiftProtobuf's bytes, which read back as the network.
    static func expectStreamedBytesAreSwiftProtobufs(_ network: Network, in directory: TemporaryDirectory) throws {
        guard case .network(let read) = try streamedAndReadBack(.network(network), as: "n.pb", in: directory) else {
            Issue.record("the file must read as a network")
            return
        }
        #expect(read == network)
    }

    @Test func existingOutputsNeedForce() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("m.pb")
        let document = ModelDocument.implicit(try Self.model())
        try ProtobufModelWriter().writeBinary(document, to: file)
        #expect(throws: FormatError.self) { try ProtobufModelWriter().writeBinary(document, to: file) }
        try ProtobufModelWriter().writeBinary(document, to: file, force: true)
    }
}
