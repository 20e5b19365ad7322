import Linalg

extension ByteSink {
    /// Writes one piece: matrices a band of rows at a time, each band at most `fillCapacity`
    /// bytes and encoded in place (`RowMajorBands`); a single row longer than that goes in parts.
    func emit(_ piece: Piece) throws(FormatError) {
        switch piece {
        case .bytes(let bytes):
            try append(bytes)
        case let .field(number, inner):
            try append(ProtobufWire.lengthDelimitedHeader(field: number, length: Piece.size(of: inner)))
            try emit(inner)
        case .rows(let m):
            try emitBands(of: m, width: 8) { rows, destination in
                RowMajorBands.float64(m, rows: rows, into: destination)
            }
        case .float32Rows(let m):
            var scratch = RowMajorBands.Scratch()
            try emitBands(of: m, width: 4) { rows, destination in
                RowMajorBands.float32(m, rows: rows, scratch: &scratch, into: destination)
            }
        case .float32(let values):
            let perSlice = max(1, fillCapacity / 4)
            var k0 = 0
            while k0 < values.count {
                let k1 = min(values.count, k0 + perSlice)
                try append(count: (k1 - k0) * 4) { destination in
                    values[k0..<k1].withUnsafeBufferPointer { RowMajorBands.narrow($0, into: destination) }
                }
                k0 = k1
            }
        }
    }

    /// Bands of whole rows of `m`, `width` bytes an element, through `encode(rows, destination)`.
    private func emitBands(of m: Matrix, width: Int,
                           _ encode: (Range<Int>, UnsafeMutableRawPointer) -> Void) throws(FormatError) {
        guard m.rows > 0, m.cols > 0 else { return }
        let rowBytes = m.cols * width
        guard rowBytes <= fillCapacity else {
            // One row longer than the sink's buffer: the row's elements in slices.
            let perSlice = max(1, fillCapacity / width)
            for r in 0..<m.rows {
                let row = m.row(r)
                var j0 = 0
                while j0 < row.count {
                    let j1 = min(row.count, j0 + perSlice)
                    try append(count: (j1 - j0) * width) { destination in
                        row[j0..<j1].withUnsafeBufferPointer { slice in
                            if width == 8 {
                                RowMajorBands.copy(slice, into: destination)
                            } else {
                                RowMajorBands.narrow(slice, into: destination)
                            }
                        }
                    }
                    j0 = j1
                }
            }
            return
        }
        let rowsPerBand = max(1, fillCapacity / rowBytes)
        var r0 = 0
        while r0 < m.rows {
            let r1 = min(m.rows, r0 + rowsPerBand)
            try append(count: (r1 - r0) * rowBytes) { destination in encode(r0..<r1, destination) }
            r0 = r1
        }
    }
}
