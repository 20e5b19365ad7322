import Foundation
import ImplicitModel

/// Data files of samples, one per row: `.npy` (shape (m, k)) or `.csv` (m lines of k numbers).
/// In memory a k × m matrix, one sample per column.
public enum DataFile {
    /// Reads a data file.
    /// - Parameters:
    ///   - memoryLimit: the most its numbers may take in memory (`--max-memory`).
    ///   - sampleShape: the model input's `Port.shape`: an `.npy` may then also hold samples of
    ///     that shape, (m, C, H, W) for (C, H, W), read in C order as (m, C·H·W).
    /// - Throws: `FormatError` naming the file and the place: `X.csv:3:7`, `X.npy: header`.
    public static func read(_ path: String, memoryLimit: MemoryLimit = .default, sampleShape: [Int]? = nil) throws -> Matrix {
        let url = URL(fileURLWithPath: path)
        switch url.pathExtension.lowercased() {
        case "npy": return try NPYFile.readMatrix(url, memoryLimit: memoryLimit, sampleShape: sampleShape)
        case "csv": return try CSVDataFile.readMatrix(url, memoryLimit: memoryLimit)
        default: throw FormatError(file: path, "unknown data format; use .npy or .csv")
        }
    }

    /// Reads a data file from bytes in memory; `format` is `npy` or `csv`.
    /// - Throws: `FormatError` naming `file` and the place.
    public static func read(data: Data, format: String, file: String, memoryLimit: MemoryLimit = .default) throws -> Matrix {
        switch format {
        case "npy": return try NPYFile.dataMatrix(from: NPYFile.decode(data, file: file, memoryLimit: memoryLimit), file: file)
        case "csv":
            guard let text = String(data: data, encoding: .utf8) else { throw FormatError(file: file, "is not UTF-8 text") }
            return try CSVDataFile.parse(text, file: file, memoryLimit: memoryLimit).matrix
        default: throw FormatError(file: file, "unknown data format; use .npy or .csv")
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
