import Foundation
import Testing
@testable import Linalg

/// The transposing and widening copies (`TransposeKernel`) against element-by-element
/// definitions, on shapes that exercise full panels, partial panels and partial chunks.
@Suite struct MatrixLayoutTests {
    static let shapes = [(0, 5), (1, 1), (3, 17), (16, 16), (37, 300), (300, 37), (513, 17), (64, 600)]

    static func sample(_ rows: Int, _ cols: Int) -> Matrix {
        Matrix(rows: rows, cols: cols, columnMajor: (0..<(rows * cols)).map { Double($0) * 0.5 - 7 })
    }

    @Test func transposeIsElementwise() {
        for (r, c) in Self.shapes {
            let m = Self.sample(r, c)
            let t = m.transposed()
            #expect(t.rows == c && t.cols == r)
            for i in 0..<r { for j in 0..<c { #expect(t[j, i] == m[i, j]) } }
        }
    }

    @Test func rowMajorFloat32IsWidenedAndPlaced() {
        for (r, c) in Self.shapes {
            let values = (0..<(r * c)).map { Float($0) * 0.25 - 3 }
            // One byte of offset: file mappings give no alignment.
            var bytes = [UInt8](repeating: 0, count: 1)
            for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
            bytes.withUnsafeBytes { raw in
                let slice = UnsafeRawBufferPointer(rebasing: raw[1...])
                let m = Matrix(rowMajor: slice, of: .float32, rows: r, cols: c)
                let t = m.transposed()
                for i in 0..<r {
                    for j in 0..<c {
                        #expect(m[i, j] == Double(values[i * c + j]))
                        #expect(t[j, i] == Double(values[i * c + j]))
                    }
                }
            }
        }
    }

    /// Checked element by element: the transposing initializer runs the same kernel.
    @Test func rowMajorFloat64ReadsCOrder() {
        for (r, c) in Self.shapes {
            let values = (0..<(r * c)).map { Double($0).squareRoot() }
            let m = values.withUnsafeBytes { Matrix(rowMajor: $0, of: .float64, rows: r, cols: c) }
            #expect(m.rows == r && m.cols == c)
            for i in 0..<r {
                for j in 0..<c where m[i, j] != values[i * c + j] {
                    Issue.record("(\(r), \(c)): element [\(i), \(j)] is \(m[i, j]), expected \(values[i * c + j])")
                }
            }
        }
    }

    @Test func copyRowMajorGivesCOrderChunks() {
        for (r, c) in Self.shapes where r > 0 {
            let m = Self.sample(r, c)
            let whole = m.rowMajor
            for range in [0..<r, 0..<((r + 1) / 2), (r / 2)..<r] {
                var buffer = [Double](repeating: .nan, count: range.count * c)
                buffer.withUnsafeMutableBufferPointer { m.copyRowMajor(rows: range, into: $0.baseAddress!) }
                #expect(buffer == Array(whole[(range.lowerBound * c)..<(range.upperBound * c)]))
            }
        }
    }

    @Test func sgemmAgreesWithDgemmToFloatPrecision() {
        let a = Self.sample(7, 5), b = Self.sample(5, 3)
        let a32 = Float32Matrix(a), b32 = Float32Matrix(b)
        var c32 = [Float](repeating: 0, count: 21)
        b32.columnMajorElements.withUnsafeBufferPointer { pb in
            c32.withUnsafeMutableBufferPointer { a32.multiply(pb.baseAddress!, columns: 3, beta: 0, into: $0.baseAddress!) }
        }
        // The raw-buffer primitive, on the same operands.
        var raw = [Float](repeating: 0, count: 21)
        a32.columnMajorElements.withUnsafeBufferPointer { pa in
            b32.columnMajorElements.withUnsafeBufferPointer { pb in
                raw.withUnsafeMutableBufferPointer { sgemm(m: 7, n: 3, k: 5, a: pa.baseAddress!, b: pb.baseAddress!, beta: 0, c: $0.baseAddress!) }
            }
        }
        #expect(raw == c32)
        let exact = a * b
        let expected = exact.columnMajorElements
        for k in expected.indices {
            #expect(abs(Double(c32[k]) - expected[k]) <= 1e-5 * max(1, abs(expected[k])))
        }
        #expect(Float32Matrix(rows: 7, cols: 3).doubleMatrix == Matrix(rows: 7, cols: 3))
    }
}
