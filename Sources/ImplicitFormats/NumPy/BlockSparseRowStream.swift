import Linalg

/// The elements of a block-sparse matrix in C order (row-major, little-endian float64), as a
/// `.npy` member holds them, written into an archive a band of rows at a time.
///
/// For each block row, a band of rows of every present block is copied row-major into a
/// scratch buffer (`Matrix.copyRowMajor`, one pass over the block's columns); each row of the
/// band is then the present blocks' row segments with zero runs between them, the runs left
/// to `ZIPStreamWriter.appendZeros`. Memory: one band, about `bandBytes`.
struct BlockSparseRowStream {
    /// The bytes of the present blocks' rows copied per band.
    static let bandBytes = 1 << 22

    let matrix: BlockSparseMatrix

    init(_ matrix: BlockSparseMatrix) { self.matrix = matrix }

    func write(into archive: ZIPStreamWriter) throws(FormatError) {
        let cols = matrix.cols, colOffsets = matrix.colOffsets
        for (r, height) in matrix.rowBlockSizes.enumerated() {
            let blocks = matrix.blocks(inRow: r)
            let storedWidth = blocks.reduce(0) { $0 + $1.block.cols }
            guard storedWidth > 0 else {
                archive.appendZeros(height * cols * 8)
                continue
            }
            let bandRows = max(1, BlockSparseRowStream.bandBytes / (storedWidth * 8))
            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: min(height, bandRows) * storedWidth)
            defer { scratch.deallocate() }
            var r0 = 0
            while r0 < height {
                let r1 = min(height, r0 + bandRows)
                // Block k's rows r0..<r1 start at bandStart[k], each `block.cols` long.
                var bandStart: [Int] = []
                var start = 0
                for (_, block) in blocks {
                    bandStart.append(start)
                    block.copyRowMajor(rows: r0..<r1, into: scratch + start)
                    start += (r1 - r0) * block.cols
                }
                for i in 0..<(r1 - r0) {
                    var cursor = 0
                    for (k, (c, block)) in blocks.enumerated() {
                        archive.appendZeros((colOffsets[c] - cursor) * 8)
                        try archive.append(scratch + bandStart[k] + i * block.cols, count: block.cols * 8)
                        cursor = colOffsets[c] + block.cols
                    }
                    archive.appendZeros((cols - cursor) * 8)
                }
                r0 = r1
            }
        }
    }
}
