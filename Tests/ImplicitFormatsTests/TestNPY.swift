import Foundation
import Linalg

/// A minimal `.npy` reader and writer for tests: 2-D float32/float64 arrays in C order, read as
/// the column-major transpose (an (m, p) array is the p × m matrix, one sample per column).
enum TestNPY {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func read(_ url: URL) throws -> Matrix {
        let data = try Data(contentsOf: url)
        let bytes = [UInt8](data)
        guard bytes.count > 10, bytes[0] == 0x93, String(bytes: bytes[1...5], encoding: .ascii) == "NUMPY" else {
            throw Failure(description: "\(url.path) is not .npy")
        }
        let headerLength = bytes[6] == 1 ? Int(bytes[8]) | Int(bytes[9]) << 8
                                         : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        let start = bytes[6] == 1 ? 10 : 12
        let header = String(bytes: bytes[start..<(start + headerLength)], encoding: .ascii) ?? ""
        guard header.contains("'fortran_order': False") else { throw Failure(description: "Fortran order") }
        let shapeText = header.components(separatedBy: "'shape': (")[1].components(separatedBy: ")")[0]
        let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let rows = shape[0], cols = shape.count > 1 ? shape[1] : 1
        let body = start + headerLength
        var values = [Double](repeating: 0, count: rows * cols)
        if header.contains("<f8") {
            for k in values.indices { values[k] = Double(bitPattern: load(bytes, body + 8 * k, 8)) }
        } else if header.contains("<f4") {
            for k in values.indices { values[k] = Double(Float(bitPattern: UInt32(load(bytes, body + 4 * k, 4)))) }
        } else {
            throw Failure(description: "unsupported dtype in \(header)")
        }
        return Matrix(rows: cols, cols: rows, columnMajor: values)
    }

    private static func load(_ bytes: [UInt8], _ offset: Int, _ width: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<width { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        return v
    }
}
