import Foundation

/// One `.npy` member to be written into an NPZ archive, produced in chunks on demand.
///
/// `.rows` lets a large float64 matrix be streamed row by row from another representation
/// (the block-sparse A) without holding its dense bytes: the archive asks for consecutive
/// chunks, and only one row is materialized at a time.
struct NPZMember {
    enum Body {
        /// The complete member, header included.
        case bytes(Data)
        /// A float64 C-order matrix: `fill(i, &row)` writes row i (`row` has `length` zeros on entry).
        case rows(header: Data, count: Int, length: Int, fill: (Int, inout [Double]) -> Void)
    }

    /// The array name, without `.npy`.
    let name: String
    let body: Body

    /// A member holding an array in memory.
    init(name: String, array: NumPyArray) {
        self.name = name
        self.body = .bytes(NPYFile.encode(array))
    }

    /// A float64 matrix member streamed by rows.
    /// - Returns: nil when the byte size overflows `Int`.
    init?(name: String, rows: Int, cols: Int, fill: @escaping (Int, inout [Double]) -> Void) {
        let header = NumPyHeader(dtype: .float64, fortranOrder: false, shape: [rows, cols]).encoded()
        let (count, o1) = rows.multipliedReportingOverflow(by: cols)
        let (bytes, o2) = count.multipliedReportingOverflow(by: 8)
        guard !o1, !o2, !bytes.addingReportingOverflow(header.count).overflow else { return nil }
        self.name = name
        self.body = .rows(header: header, count: rows, length: cols, fill: fill)
    }

    /// The member's size in bytes.
    var byteCount: Int {
        switch body {
        case .bytes(let data): return data.count
        case let .rows(header, count, length, _): return header.count + count * length * 8
        }
    }

    /// A reader of consecutive chunks; it caches the current row of a streamed matrix.
    func makeChunkReader() -> (Int, Int) -> Data {
        switch body {
        case .bytes(let data):
            return { position, size in data.subdata(in: position..<min(position + size, data.count)) }
        case let .rows(header, _, length, fill):
            let rowBytes = length * 8
            var cachedRow = -1
            var row = [Double](repeating: 0, count: length)
            return { position, size in
                var chunk = Data(capacity: size)
                var p = position
                let end = min(position + size, byteCount)
                if p < header.count {
                    let headerEnd = min(end, header.count)
                    chunk.append(header.subdata(in: p..<headerEnd))
                    p = headerEnd
                }
                while p < end && rowBytes > 0 {
                    let i = (p - header.count) / rowBytes
                    let rowStart = header.count + i * rowBytes
                    if i != cachedRow {
                        for j in row.indices { row[j] = 0 }
                        fill(i, &row)
                        cachedRow = i
                    }
                    let to = min(end - rowStart, rowBytes)
                    // Native byte order is little-endian on every platform we build for.
                    row.withUnsafeBytes { chunk.append(contentsOf: $0[(p - rowStart)..<to]) }
                    p = rowStart + to
                }
                return chunk
            }
        }
    }
}
