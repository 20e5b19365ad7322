import Foundation
import ImplicitModel

/// Data files of samples, one per row: `.npy` (shape (m, k)) or `.csv` (m lines of k numbers).
/// In memory a k × m matrix, one sample per column.
public enum DataFile {
    public static func read(_ path: String) throws -> Matrix {
        let url = URL(fileURLWithPath: path)
        switch url.pathExtension.lowercased() {
        case "npy": return try NPYFile.readMatrix(url)
        case "csv": return try CSVDataFile.readMatrix(url)
        default: throw FormatError(file: path, "unknown data format; use .npy or .csv")
        }
    }

    /// Writes a k × m matrix as m rows, atomically, never over an input.
    public static func write(_ matrix: Matrix, to path: String, inputs: [String], force: Bool) throws {
        let url = URL(fileURLWithPath: path)
        let protected = inputs.map { URL(fileURLWithPath: $0) }
        switch url.pathExtension.lowercased() {
        case "npy": try NPYFile.writeMatrix(matrix, to: url, refusingToOverwrite: protected, force: force)
        case "csv": try CSVDataFile.writeMatrix(matrix, to: url, refusingToOverwrite: protected, force: force)
        default: throw FormatError(file: path, "unknown data format; use .npy or .csv")
        }
    }
}
