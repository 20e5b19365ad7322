import Foundation
import Testing
@testable import ImplicitFormats
import Linalg

/// `ONNXTensorDecoder.matrix` reads a 2-D weight's `raw_data` as stored: the row-major M of
/// the file's values, exactly those `decode` gives element by element, held in float32 when
/// asked to keep a FLOAT tensor so. Mᵀ, which Gemm and MatMul take for most weights, is then
/// `transposed()`: the same buffer and storage, nothing copied or widened.
struct ONNXTensorDecoderMatrixTests {
    @Test(arguments: [(ONNXTestGraph.Storage.raw32, false), (.raw32, true), (.raw64, false), (.raw64, true)])
    func aWeightIsReadAsStoredAndTransposedInPlace(storage: ONNXTestGraph.Storage, keepingFloat32: Bool) throws {
        let (rows, cols) = (3, 5)
        // Values exact in float32, distinct, of both signs.
        let values = (0..<(rows * cols)).map { Double($0 * 7 % 17) / 4 - 1.25 }
        let tensor = ONNXTestGraph.tensor("W", [rows, cols], values, storage)
        let memory = MemoryBudget(MemoryLimit(bytes: 1 << 20))
        let m = try #require(try ONNXTensorDecoder.matrix(tensor, what: "W", keepingFloat32: keepingFloat32, memory: memory))
        let decoded = try ONNXTensorDecoder.decode(tensor, what: "W", memory: memory)
        #expect(m.rows == rows && m.cols == cols && m.layout == .rowMajor)
        #expect(m.rowMajor == decoded.values)
        #expect(m.storage == (storage == .raw32 && keepingFloat32 ? .float32 : .float64))

        let t = m.transposed()
        #expect(t.rows == cols && t.cols == rows && t.layout == .columnMajor && t.storage == m.storage)
        #expect(t.storageIdentity == m.storageIdentity)
        #expect((0..<rows).allSatisfy { i in (0..<cols).allSatisfy { j in t[j, i] == values[i * cols + j] } })
    }
}
