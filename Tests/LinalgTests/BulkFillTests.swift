import Testing
@testable import Linalg

/// Buffers above `HugePages.minimumBytes` are advised for huge pages before they are filled;
/// the advice must never change what they hold. Each case compares a large buffer, and a small
/// one that is not advised, with an element-by-element loop.
@Suite struct BulkFillTests {
    /// 2 MiB past the threshold, and not a whole number of huge pages, so that the advised range
    /// is strictly inside the buffer at both ends.
    static let largeCount = (HugePages.minimumBytes + HugePages.pageBytes) / 8 + 3

    @Test(arguments: [5, largeCount])
    func repeatingFillsEveryElement(count: Int) {
        let values = [Double].filledInBulk(repeating: -1.5, count: count)
        #expect(values.count == count)
        #expect(values.allSatisfy { $0 == -1.5 })
    }

    @Test(arguments: [5, largeCount])
    func widenedFloat32MatchesAnElementwiseConversion(count: Int) {
        var rng = SplitMix64(seed: 11)
        let source = (0..<count).map { _ in Float(rng.normal()) }
        let m = source.withUnsafeBytes { Matrix(rowMajor: $0, of: .float32, rows: 1, cols: count) }
        #expect(m.rowMajor == source.map(Double.init))
        let narrowed = Float32Matrix(m)
        #expect(narrowed.columnMajorElements == source)
    }

    @Test func zeroMatrixOfAdvisedSizeIsZero() {
        let m = Matrix(rows: 1024, cols: 1025)
        #expect(m.count == 1024 * 1025)
        #expect(m.columnMajorElements.allSatisfy { $0 == 0 })
    }
}
