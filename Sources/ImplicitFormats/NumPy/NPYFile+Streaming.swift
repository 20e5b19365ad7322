import Foundation
import Linalg

extension NPYFile {
    /// An `.npy` file holding `matrix` as a (rows, cols) `<f8` array in C order, as pieces: the
    /// header, then the rows written from the matrix a band at a time. The bytes are
    /// `encode(NumPyArray(matrix: matrix))`'s, without the row-major copy and the file's
    /// bytes in memory.
    static func pieces(_ matrix: Matrix) -> [Piece] {
        let header = NumPyHeader(dtype: .float64, fortranOrder: false, shape: [matrix.rows, matrix.cols]).encoded()
        return [.bytes(Array(header)), .rows(matrix)]
    }

    /// Writes `pieces(matrix)` as the new file `path`; `reportedPath` names it in errors.
    static func write(_ matrix: Matrix, toNewFile path: String, reportedAs reportedPath: String) throws(FormatError) {
        try ChunkedFileSink.write(pieces(matrix), to: path, reportedAs: reportedPath)
    }
}
