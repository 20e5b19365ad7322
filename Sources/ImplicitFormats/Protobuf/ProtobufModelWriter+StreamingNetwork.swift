import ImplicitModel
import SwiftProtobuf

extension ProtobufModelWriter {
    /// The pieces of a `Network` message (field 1 of `Model`), the weights of large dense terms
    /// streamed from their matrices as `writeBinary` does for an implicit model's blocks.
    ///
    /// Protobuf writes a message's fields in field-number order and leaves default values out,
    /// so each message is cut where a streamed term sits: `Network{input, layers (2), output (3)}`,
    /// `Layer{name, activation, size, terms (4), bias, unit_activations}`, `Readout{name, size, terms (3), bias, head}`,
    /// `Term{source, weight (2)}`, `Matrix{dense (1): DenseMatrix{rows, cols, values (3)}}`; the
    /// parts before and after are one SwiftProtobuf message cut at the streamed field
    /// (`ProtobufWireReader.cut`), so the bytes equal `binary(_:file:)`'s.
    func networkPieces(_ network: Network) throws -> [Piece] {
        var pieces: [Piece] = []
        var inputOnly = Implicit_V1_Network()
        inputOnly.input = port(network.input)
        pieces.append(.bytes(try inputOnly.serializedBytes()))
        for layer in network.layers {
            pieces.append(.field(2, try around(fieldsWithoutTerms(layer), termPieces(layer.terms, field: 4), field: 4)))
        }
        let readout = network.output
        pieces.append(.field(3, try around(fieldsWithoutTerms(readout), termPieces(readout.terms, field: 3), field: 3)))
        return pieces
    }

    /// The pieces of `message` with `inserted` in the place of field `field`: the fields
    /// numbered below it, then `inserted`, then the rest.
    func around(_ message: some SwiftProtobuf.Message, _ inserted: [Piece], field: Int) throws -> [Piece] {
        let bytes: [UInt8] = try message.serializedBytes()
        guard let (before, after) = ProtobufWireReader.cut(bytes, beforeField: field) else {
            preconditionFailure("SwiftProtobuf wrote malformed wire data")
        }
        return [.bytes(before)] + inserted + [.bytes(after)]
    }

    /// Each term as field `field` of its layer: small or sparse weights encoded whole, large
    /// dense ones with their values streamed.
    private func termPieces(_ terms: [Term], field: Int) throws -> [Piece] {
        try terms.map { term in
            guard term.weight.count >= Self.streamedBlockElements, Self.isStoredDense(term.weight) else {
                var message = Implicit_V1_Term()
                message.source = term.source
                message.weight = matrix(term.weight)
                return .field(field, [.bytes(try message.serializedBytes())])
            }
            var source = Implicit_V1_Term()
            source.source = term.source
            var shape = Implicit_V1_DenseMatrix()
            shape.rows = UInt64(term.weight.rows)
            shape.cols = UInt64(term.weight.cols)
            let dense: [Piece] = [.bytes(try shape.serializedBytes()), .field(3, [.rows(term.weight)])]
            return .field(field, [.bytes(try source.serializedBytes()), .field(2, [.field(1, dense)])])
        }
    }
}
