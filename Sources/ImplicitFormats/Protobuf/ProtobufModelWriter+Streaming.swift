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
                let sink = try ChunkedFileSink(path: temporary.path, reportedAs: url.path)
                try sink.emit(top)
                try sink.finish()
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
        var head = full
        head.a = []; head.b = []; head.c = []; head.clearD(); head.outputBias = []
        pieces.append(.bytes(try head.serializedBytes()))
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
        var tail = Implicit_V1_ImplicitModel()
        if full.hasD { tail.d = full.d }
        tail.outputBias = full.outputBias
        pieces.append(.bytes(try tail.serializedBytes()))
        return pieces
    }

    private static var isBigEndianHost: Bool { 1.littleEndian != 1 }
}

/// Part of a message being written: bytes already encoded, the packed values of a matrix in
/// row-major order, or a length-delimited field around more pieces.
indirect enum Piece {
    case bytes([UInt8])
    case rows(Matrix)
    case field(Int, [Piece])

    static func size(of pieces: [Piece]) -> Int { pieces.reduce(0) { $0 + $1.size } }

    var size: Int {
        switch self {
        case .bytes(let b): return b.count
        case .rows(let m): return m.count * 8
        case let .field(number, inner):
            let length = Piece.size(of: inner)
            return Piece.varintSize(UInt64(number << 3 | 2)) + Piece.varintSize(UInt64(length)) + length
        }
    }

    static func varintSize(_ value: UInt64) -> Int {
        var v = value, n = 1
        while v >= 0x80 { v >>= 7; n += 1 }
        return n
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        var v = value, out: [UInt8] = []
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        out.append(UInt8(v))
        return out
    }
}

/// Writes pieces to a new file through two 8 MiB buffers: while a background thread hands one
/// to `write(2)`, the caller fills the other (the row-major transposition of the next chunk),
/// so the copy into the page cache overlaps the transposition instead of following it.
///
/// Ownership of a buffer passes to the writer thread with its `write` job and comes back through
/// that buffer's semaphore; the caller never touches a buffer in flight.
final class ChunkedFileSink: @unchecked Sendable {
    private static let capacity = 1 << 23
    private let fd: Int32
    private let reportedPath: String
    private let buffers = [UnsafeMutableRawPointer.allocate(byteCount: ChunkedFileSink.capacity, alignment: 64),
                           UnsafeMutableRawPointer.allocate(byteCount: ChunkedFileSink.capacity, alignment: 64)]
    /// Signalled when a buffer is free. They start at 0 and are only ever signalled ahead of a
    /// wait: libdispatch traps on disposing of a semaphore below its initial value.
    private let available = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
    private let writer = DispatchQueue(label: "implicit.protobuf-writer")
    /// The first write failure (errno), set on the writer queue, read after it drains.
    private var failure: Int32 = 0
    private var current = 0
    private var used = 0

    init(path: String, reportedAs reportedPath: String) throws(FormatError) {
        self.reportedPath = reportedPath
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw FormatError(file: reportedPath, message: "cannot write: \(String(cString: strerror(errno)))") }
        // The caller starts with buffer 0; buffer 1 is free.
        available[1].signal()
    }

    deinit {
        writer.sync {}
        for buffer in buffers { buffer.deallocate() }
        if fd >= 0 { close(fd) }
    }

    private var buffer: UnsafeMutableRawPointer { buffers[current] }

    func emit(_ pieces: [Piece]) throws(FormatError) {
        for piece in pieces {
            switch piece {
            case .bytes(let bytes): try append(bytes)
            case let .field(number, inner):
                try append(Piece.varint(UInt64(number << 3 | 2)) + Piece.varint(UInt64(Piece.size(of: inner))))
                try emit(inner)
            case .rows(let m):
                let rowsPerChunk = max(1, ChunkedFileSink.capacity / 8 / max(1, m.cols))
                var r0 = 0
                while r0 < m.rows {
                    let r1 = min(m.rows, r0 + rowsPerChunk)
                    let bytes = (r1 - r0) * m.cols * 8
                    if used + bytes > ChunkedFileSink.capacity { flush() }
                    if bytes > ChunkedFileSink.capacity {
                        // One row longer than the buffer: no chunking across a row.
                        for r in r0..<r1 { try append(m.row(r).flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }) }
                    } else {
                        m.copyRowMajor(rows: r0..<r1, into: (buffer + used).assumingMemoryBound(to: Double.self))
                        used += bytes
                    }
                    r0 = r1
                }
            }
        }
    }

    private func append(_ bytes: [UInt8]) throws(FormatError) {
        var offset = 0
        while offset < bytes.count {
            if used == ChunkedFileSink.capacity { flush() }
            let n = min(bytes.count - offset, ChunkedFileSink.capacity - used)
            bytes.withUnsafeBytes { (buffer + used).copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
            used += n
            offset += n
        }
    }

    /// Hands the current buffer to the writer and takes the other one once its write is done.
    private func flush() {
        guard used > 0 else { return }
        let index = current, count = used
        // Integers cross into the writer's closure; the buffer is not touched until it returns it.
        let address = Int(bitPattern: buffers[index])
        writer.async { [self] in
            defer { available[index].signal() }
            guard failure == 0, let base = UnsafeRawPointer(bitPattern: address) else { return }
            var offset = 0
            while offset < count {
                let n = write(fd, base + offset, count - offset)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { failure = n < 0 ? errno : EIO; return }
                offset += n
            }
        }
        current = 1 - current
        used = 0
        // A failed write is reported by `finish`; waiting for it here would serialize the writes.
        available[current].wait()
    }

    private func check() throws(FormatError) {
        let error = writer.sync { failure }
        guard error == 0 else { throw FormatError(file: reportedPath, message: "cannot write: \(String(cString: strerror(error)))") }
    }

    func finish() throws(FormatError) {
        flush()
        writer.sync {}
        try check()
    }
}
