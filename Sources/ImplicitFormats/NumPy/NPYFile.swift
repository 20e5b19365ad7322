import Foundation
import Linalg

/// NumPy `.npy` files: arrays, and data matrices with one sample per row.
///
/// Reads format versions 1.0, 2.0 and 3.0; dtypes `<f8`, `<f4`, integers, `|b1` and `<U{n}`;
/// 0-, 1- and 2-d arrays in C or Fortran order (Fortran order is transposed into C order on
/// reading, see `NumPyArray`). Writes version 1.0, C order, `<f8`, `<i8` or `<U{n}`, with
/// the header padded so the data starts at a multiple of 64 bytes, as NumPy does.
///
/// A data file of shape (m, p) in C order is byte for byte the column-major p × m `Matrix`,
/// so samples become columns without a transpose.
public enum NPYFile {
    /// Reads an array.
    /// - Throws: `FormatError` naming the file (and `.header` for header faults).
    /// - Parameter memoryLimit: the most the decoded array may take in memory.
    public static func read(_ url: URL, memoryLimit: MemoryLimit? = nil) throws(FormatError) -> NumPyArray {
        try decode(try InputFile.contents(of: url), file: url.relativePath, memoryLimit: memoryLimit)
    }

    /// Reads an array whose elements must fit in what is left of `budget` (checked from the
    /// header before the data is decoded; the caller reserves what it keeps).
    static func read(_ url: URL, budget: MemoryBudget) throws(FormatError) -> NumPyArray {
        try decode(try InputFile.contents(of: url), file: url.relativePath, budget: budget)
    }

    /// Writes an array atomically (see `AtomicFileWriter`).
    /// - Parameters:
    ///   - inputs: files that must not be overwritten.
    ///   - force: replace an existing file.
    /// - Throws: `FormatError` naming the file.
    public static func write(_ array: NumPyArray, to url: URL, refusingToOverwrite inputs: [URL] = [],
                             force: Bool = false) throws(FormatError) {
        try AtomicFileWriter.write(encode(array), to: url, refusingToOverwrite: inputs, force: force)
    }

    /// Reads a data file of m samples with p features, shape (m, p), as the p × m matrix with
    /// one sample per column.
    /// - Throws: `FormatError` when the file is unreadable or not a 2-d numeric array.
    public static func readMatrix(_ url: URL, memoryLimit: MemoryLimit? = nil, sampleShape: [Int]? = nil) throws(FormatError) -> Matrix {
        try dataMatrix(from: read(url, memoryLimit: memoryLimit), file: url.relativePath, sampleShape: sampleShape)
    }

    /// The p × m matrix (one sample per column) of a 2-d numeric array of shape (m, p), or of an
    /// array (m, d₁, d₂, …) whose samples have the model's `sampleShape` (C order: each sample's
    /// elements are contiguous, in the order the model's flattening reads them, p = ∏ dᵢ).
    /// - Throws: `FormatError` for strings, for a 1-d array (refused rather than guessed to be one
    ///   sample or one feature), or for more dimensions than 2 that are not `sampleShape`.
    public static func dataMatrix(from array: NumPyArray, file: String, sampleShape: [Int]? = nil) throws(FormatError) -> Matrix {
        let shape = array.shape
        guard shape.count >= 2 else {
            throw FormatError(file: file, message: "shape \(array.shapeDescription) is not 2-d (samples × features); reshape to (m, 1) or (1, p)")
        }
        if shape.count > 2 {
            guard let sampleShape else {
                throw FormatError(file: file, message: "shape \(array.shapeDescription) has \(shape.count) dimensions; the model's input is a vector, so samples are the rows of an (m, p) array")
            }
            guard Array(shape.dropFirst()) == sampleShape else {
                throw FormatError(file: file, message: "shape \(array.shapeDescription) has samples of extents \(NumPyArray.describe(shape: Array(shape.dropFirst()))), but the model's input has \(NumPyArray.describe(shape: sampleShape)) (or give (m, \(sampleShape.reduce(1, *))))")
            }
        }
        guard let values = array.doubles else {
            throw FormatError(file: file, message: "holds strings, expected numbers")
        }
        return Matrix(rows: shape.dropFirst().reduce(1, *), cols: shape[0], columnMajor: values)
    }

    /// Writes a q × m matrix (one sample per column) as a (m, q) float64 array: one sample per row.
    /// - Throws: `FormatError` naming the file.
    public static func writeMatrix(_ matrix: Matrix, to url: URL, refusingToOverwrite inputs: [URL] = [],
                                   force: Bool = false) throws(FormatError) {
        let array = NumPyArray(shape: [matrix.cols, matrix.rows], storage: .float64(matrix.columnMajorElements))
        try write(array, to: url, refusingToOverwrite: inputs, force: force)
    }
}
