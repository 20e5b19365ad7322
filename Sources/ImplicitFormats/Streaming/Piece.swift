import Linalg

/// Part of a file being written: bytes already encoded, the elements of a matrix or vector
/// encoded as they are written (row-major, little-endian float64 or float32), or a
/// length-delimited protobuf field around more pieces.
///
/// A message is cut into pieces where its large values sit, so that they go from the model's
/// matrices to the file (`ByteSink.emit`) without a serialized copy in memory; every size is
/// known before anything is written, so each field's length prefix is exact.
indirect enum Piece {
    case bytes([UInt8])
    /// The matrix in row-major order as float64.
    case rows(Matrix)
    /// The matrix in row-major order rounded to float32; every element must be within
    /// float32's range (the caller checks, `Float32Range`).
    case float32Rows(Matrix)
    /// The values rounded to float32, as `float32Rows`.
    case float32([Double])
    case field(Int, [Piece])

    static func size(of pieces: [Piece]) -> Int { pieces.reduce(0) { $0 + $1.size } }

    var size: Int {
        switch self {
        case .bytes(let b): return b.count
        case .rows(let m): return m.count * 8
        case .float32Rows(let m): return m.count * 4
        case .float32(let values): return values.count * 4
        case let .field(number, inner):
            let length = Piece.size(of: inner)
            return ProtobufWire.lengthDelimitedHeaderSize(field: number, length: length) + length
        }
    }
}
