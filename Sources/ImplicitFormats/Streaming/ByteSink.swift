import Foundation

/// Where streamed bytes go: a file written through a buffer (`ChunkedFileSink`), a zip member
/// (`ZIPStreamWriter`), or memory (`MemorySink`, for the encoders that return bytes, so that
/// they and the file writers share one encoding).
protocol ByteSink: AnyObject {
    /// The largest `count` that `append(count:_:)` takes.
    var fillCapacity: Int { get }
    func append(_ bytes: [UInt8]) throws(FormatError)
    /// Lets `fill` write exactly `count` bytes in place.
    func append(count: Int, _ fill: (UnsafeMutableRawPointer) -> Void) throws(FormatError)
}

extension ByteSink {
    /// Writes the pieces in order (`Piece+Emission.swift`).
    func emit(_ pieces: [Piece]) throws(FormatError) {
        for piece in pieces { try emit(piece) }
    }
}

/// Bytes gathered in memory.
final class MemorySink: ByteSink {
    private(set) var data: Data
    let fillCapacity = 1 << 22

    init(capacity: Int = 0) { data = Data(capacity: capacity) }

    func append(_ bytes: [UInt8]) { data.append(contentsOf: bytes) }

    func append(count: Int, _ fill: (UnsafeMutableRawPointer) -> Void) {
        let start = data.count
        data.count += count
        data.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { fill(base + start) }
        }
    }

    /// The bytes of `pieces`.
    static func bytes(of pieces: [Piece]) throws(FormatError) -> Data {
        let sink = MemorySink(capacity: Piece.size(of: pieces))
        try sink.emit(pieces)
        return sink.data
    }
}
