import Foundation
import Linalg

/// One `.npy` member to be written into an NPZ archive.
///
/// `.blockSparse` streams a float64 matrix held as blocks (an implicit model's A, B, C) into
/// the archive in C order without forming its dense bytes: `BlockSparseRowStream` writes it a
/// band of rows at a time, and its zero blocks as zero runs (holes in the file).
struct NPZMember {
    enum Body {
        /// The complete member, header included.
        case bytes(Data)
        /// A float64 C-order matrix: the `.npy` header, then the rows of `matrix`.
        case blockSparse(header: Data, matrix: BlockSparseMatrix)
    }

    /// The array name, without `.npy`.
    let name: String
    let body: Body

    /// A member holding an array in memory.
    init(name: String, array: NumPyArray) {
        self.name = name
        self.body = .bytes(NPYFile.encode(array))
    }

    /// A float64 matrix member streamed from its blocks.
    /// - Returns: nil when the byte size overflows `Int`.
    init?(name: String, matrix: BlockSparseMatrix) {
        let header = NumPyHeader(dtype: .float64, fortranOrder: false, shape: [matrix.rows, matrix.cols]).encoded()
        let (count, o1) = matrix.rows.multipliedReportingOverflow(by: matrix.cols)
        let (bytes, o2) = count.multipliedReportingOverflow(by: 8)
        guard !o1, !o2, !bytes.addingReportingOverflow(header.count).overflow else { return nil }
        self.name = name
        self.body = .blockSparse(header: header, matrix: matrix)
    }

    /// The member's size in bytes.
    var byteCount: Int {
        switch body {
        case .bytes(let data): return data.count
        case let .blockSparse(header, matrix): return header.count + matrix.rows * matrix.cols * 8
        }
    }

    /// Writes the member's bytes into the archive's current member.
    func write(into archive: ZIPStreamWriter) throws(FormatError) {
        switch body {
        case .bytes(let data):
            try archive.append(Array(data))
        case let .blockSparse(header, matrix):
            try archive.append(Array(header))
            try BlockSparseRowStream(matrix).write(into: archive)
        }
    }
}
