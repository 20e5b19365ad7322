import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// The hand-written wire encoding (`ProtobufWire`, `ProtobufWireReader`) against SwiftProtobuf's
/// serialisation of the same fields, and the streamed network writer that cuts messages with it.
struct ProtobufWireTests {
    /// `Port.size` is field 2, a varint: its bytes are the key 0x10 then the value's varint.
    @Test func varintsAreSwiftProtobufsBytes() throws {
        for value: UInt64 in [0, 1, 127, 128, 300, 16383, 16384, 1 << 32, UInt64.max] {
            var port = Implicit_V1_Port()
            port.size = value
            let serialized: [UInt8] = try port.serializedBytes()
            var encoded: [UInt8] = []
            ProtobufWire.appendVarint(value, to: &encoded)
            if value == 0 {
                #expect(serialized.isEmpty && encoded == [0])
            } else {
                #expect([0x10] + encoded == serialized)
            }
            #expect(ProtobufWire.varintSize(value) == encoded.count)
        }
    }

    /// `Port.name` is field 1, length-delimited: key, length, then the UTF-8 bytes.
    @Test func lengthDelimitedFieldsAreSwiftProtobufsBytes() throws {
        for length in [1, 127, 128, 20000] {
            var port = Implicit_V1_Port()
            port.name = String(repeating: "a", count: length)
            let serialized: [UInt8] = try port.serializedBytes()
            let payload = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            #expect(ProtobufWire.lengthDelimitedHeader(field: 1, length: length) + payload == serialized)
            #expect(ProtobufWire.lengthDelimitedHeaderSize(field: 1, length: length) + length == serialized.count)
            var appended: [UInt8] = []
            ProtobufWire.appendLengthDelimited(field: 1, payload, to: &appended)
            #expect(appended == serialized)
        }
    }

    /// A layer cut before its terms (field 4), with its terms put back between the parts, is
    /// SwiftProtobuf's encoding of the whole layer; malformed bytes cannot be cut.
    @Test func aMessageCutBeforeAFieldTakesThatFieldBackInPlace() throws {
        var rng = SeededGenerator(seed: 90)
        var layer = Implicit_V1_Layer()
        layer.name = "h"
        layer.size = 2
        layer.bias = rng.vector(2)
        layer.unitActivations = [Implicit_V1_Activation(), Implicit_V1_Activation()]
        var withTerms = layer
        var term = Implicit_V1_Term()
        term.source = "x"
        withTerms.terms = [term, term]
        let whole: [UInt8] = try withTerms.serializedBytes()
        var termsOnly = Implicit_V1_Layer()
        termsOnly.terms = withTerms.terms
        let (before, after) = try #require(ProtobufWireReader.cut(try layer.serializedBytes(), beforeField: 4))
        #expect(before + (try termsOnly.serializedBytes()) + after == whole)
        #expect(ProtobufWireReader.cut([0x0A, 0x05, 0x61], beforeField: 4) == nil)   // a length past the end
        #expect(ProtobufWireReader.cut([0x0B], beforeField: 4) == nil)               // a group
        #expect(ProtobufWireReader.cut([0x00, 0x01], beforeField: 4) == nil)         // field number 0
    }

    /// Per-unit activations (field 6, after the streamed terms), a layer-normalisation block
    /// map and a sigmoid head (field 5 of the readout, after its terms): the streamed file is
    /// SwiftProtobuf's bytes and reads back as the network.
    @Test func streamedNetworkWithFieldsAfterItsTermsIsByteIdentical() throws {
        let directory = try TemporaryDirectory()
        var rng = SeededGenerator(seed: 91)
        let n = 300
        #expect(n * n >= ProtobufModelWriter.streamedBlockElements)
        let network = Network(
            input: Port(name: "u", size: n),
            layers: [Layer(name: "p", map: .perState((0..<n).map { .leakyReLU(alpha: 0.01 * Double($0 % 7)) }),
                           terms: [Term(source: "u", weight: rng.matrix(n, n))], bias: rng.vector(n)),
                     Layer(name: "ln", map: .layerNormalization(LayerNormalization(epsilon: 1e-5, scale: rng.vector(n), bias: rng.vector(n))),
                           terms: [Term(source: "p", weight: rng.matrix(n, n))], bias: rng.vector(n))],
            output: Readout(name: "y", terms: [Term(source: "ln", weight: rng.matrix(n, n))], bias: rng.vector(n), head: .sigmoid))
        try ProtobufStreamingWriterTests.expectStreamedBytesAreSwiftProtobufs(network, in: directory)
    }
}
