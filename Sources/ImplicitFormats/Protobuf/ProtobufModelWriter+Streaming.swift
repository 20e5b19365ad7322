import Foundation
import ImplicitModel
import SwiftProtobuf
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ProtobufModelWriter {
    /// Dense blocks of at least this many elements go from the matrix to the file in row chunks;
    /// smaller ones are encoded by SwiftProtobuf with the rest of the message.
    public static let streamedBlockElements = 1 << 16

    /// Writes the binary encoding of `document` to `url` atomically: byte for byte what
    /// `binary(_:file:)` returns, but the values of large dense matrices (blocks of an implicit
    /// model, term weights of a network) are written from the matrix in row-major chunks, never
    /// gathered into one message in memory (converting a 60 M-parameter network would otherwise
    /// hold its weights three times: the model, the message's row-major copy, the serialized bytes).
    /// Networks: `networkPieces(_:)`.
    ///
    /// Protobuf encodes a message as its fields in field-number order, so the implicit model is
    /// written as: fields 1–4 (ports, head, states) encoded by SwiftProtobuf, then each block of
    /// A, B, C (field 5, 6, 7), then fields 8–9 (D, output bias); a streamed block is
    /// `Block{row_state, col_state, values: Matrix{dense: DenseMatrix{rows, cols, values}}}`
    /// with the packed doubles last, their lengths computed up front.
    /// - Throws: `FormatError` for an unwritable output or a message over protobuf's 2 GiB limit.
    public func writeBinary(_ document: ModelDocument, to url: URL, refusingToOverwrite inputs: [URL] = [],
                            force: Bool = false) throws {
        guard !Self.isBigEndianHost else {
            try AtomicFileWriter.write(try binary(document, file: url.path), to: url, refusingToOverwrite: inputs, force: force)
            return
        }
        var producerOnly = Implicit_V1_Model()
        producerOnly.producer = producer
        let top: [Piece]
        do {
            switch document {
            case .implicit(let model): top = [.field(2, try implicitPieces(model)), .bytes(try producerOnly.serializedBytes())]
            case .network(let network): top = [.field(1, try networkPieces(network)), .bytes(try producerOnly.serializedBytes())]
            }
            guard Piece.size(of: top) <= Int(Int32.max) else {
                throw FormatError(file: url.path, "cannot be encoded as protobuf: the message is over 2 GiB")
            }
            try AtomicFileWriter.write(to: url, refusingToOverwrite: inputs, force: force) { temporary throws(FormatError) in
                try ChunkedFileSink.write(top, to: temporary.path, reportedAs: url.path)
            }
        } catch let error as FormatError {
            throw error
        } catch {
            throw FormatError(file: url.path, "cannot be encoded as protobuf: \(error)")
        }
    }

    /// The pieces of an `ImplicitModel` message (field 2 of `Model`).
    private func implicitPieces(_ model: ImplicitModel) throws -> [Piece] {
        var streamed: [Matrix] = []
        let full = message(model) { block in
            guard block.count >= Self.streamedBlockElements, Self.isStoredDense(block) else { return matrix(block) }
            streamed.append(block)
            var placeholder = Implicit_V1_Matrix()
            placeholder.dense.rows = UInt64(block.rows)
            placeholder.dense.cols = UInt64(block.cols)
            return placeholder
        }
        var pieces: [Piece] = []
        var next = streamed.makeIterator()
        for (field, blocks) in [(5, full.a), (6, full.b), (7, full.c)] {
            for block in blocks {
                let dense = block.values.dense
                let isPlaceholder: Bool
                if case .dense? = block.values.storage, dense.values.isEmpty, dense.rows * dense.cols > 0 {
                    isPlaceholder = true
                } else {
                    isPlaceholder = false
                }
                guard isPlaceholder, let matrix = next.next() else {
                    var one = Implicit_V1_ImplicitModel()
                    switch field {
                    case 5: one.a = [block]
                    case 6: one.b = [block]
                    default: one.c = [block]
                    }
                    pieces.append(.bytes(try one.serializedBytes()))
                    continue
                }
                var names = Implicit_V1_Block()
                names.rowState = block.rowState
                names.colState = block.colState
                var shape = Implicit_V1_DenseMatrix()
                shape.rows = dense.rows
                shape.cols = dense.cols
                let denseMessage: [Piece] = [.bytes(try shape.serializedBytes()), .field(3, [.rows(matrix)])]
                let blockMessage: [Piece] = [.bytes(try names.serializedBytes()), .field(3, [.field(1, denseMessage)])]
                pieces.append(.field(field, blockMessage))
            }
        }
        var withoutBlocks = full
        withoutBlocks.a = []; withoutBlocks.b = []; withoutBlocks.c = []
        return try around(withoutBlocks, pieces, field: 5)
    }

    private static var isBigEndianHost: Bool { 1.littleEndian != 1 }
}
