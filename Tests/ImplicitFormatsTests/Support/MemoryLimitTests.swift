import Foundation
import Testing
@testable import ImplicitFormats

/// `--max-memory` sizes and the budget readers reserve from.
struct MemoryLimitTests {
    @Test func parsesSizesWithBinarySuffixes() {
        let cases: [(String, Int?)] = [
            ("512M", 512 << 20), ("4G", 4 << 30), ("4g", 4 << 30), ("1.5G", 3 << 29), ("8GiB", 8 << 30),
            ("64KB", 64 << 10), ("2T", 2 << 40), ("100000", 100_000), (" 7 ", 7),
            ("", nil), ("G", nil), ("lots", nil), ("-1G", nil), ("4Q", nil), ("1e3", nil), ("99999999999T", nil),
        ]
        for (text, bytes) in cases {
            #expect(MemoryLimit(parsing: text)?.bytes == bytes, "\(text)")
        }
    }

    @Test func describesSizesInBinaryUnits() {
        #expect(MemoryLimit.default.description == "8 GiB")
        #expect(MemoryLimit(bytes: 3 << 29).description == "1.5 GiB")
        #expect(MemoryLimit(bytes: 300).description == "300 bytes")
        #expect(MemoryLimit.format(1 << 51) == "2 PiB")
    }

    @Test func budgetRefusesTheFirstRequestBeyondTheLimit() throws {
        let budget = MemoryBudget(MemoryLimit(bytes: 800))
        try budget.reserve(60)
        try budget.check(rows: 5, cols: 8)
        #expect(budget.spent == 60)
        let refusal = #expect(throws: MemoryShortfall.self) { try budget.reserve(rows: 6, cols: 8) }
        #expect(refusal == MemoryShortfall(request: .matrix(rows: 6, cols: 8), reserved: 60, limit: MemoryLimit(bytes: 800)))
        #expect(refusal?.description == "would need 6×8 = 48 doubles (384 bytes) with the 480 bytes this model already takes, beyond the memory limit of 800 bytes")
        #expect(budget.spent == 60)
        // Products that overflow Int are refused, not trapped on.
        let huge = #expect(throws: MemoryShortfall.self) { try budget.reserve(rows: 1 << 40, cols: 1 << 40) }
        #expect(huge?.doubles == Int.max && huge?.description.contains("more than memory can address") == true)
        let half = #expect(throws: MemoryShortfall.self) { try budget.reserve(Int.max / 2) }
        #expect(half?.request == .doubles(Int.max / 2))
        #expect(budget.spent == 60)
    }

    /// A parser's tree is charged in bytes, rounded up to whole doubles, and worded in bytes.
    @Test func budgetChargesBytesAsWholeDoubles() throws {
        let budget = MemoryBudget(MemoryLimit(bytes: 64))
        try budget.reserve(bytes: 57)
        #expect(budget.spent == 8)
        let refusal = #expect(throws: MemoryShortfall.self) { try budget.reserve(bytes: 1) }
        #expect(refusal?.request == .bytes(doubles: 1))
        #expect(refusal?.description == "would need 8 bytes with the 64 bytes this model already takes, beyond the memory limit of 64 bytes")
    }

    /// Work sized by a flag is checked against the limit alone.
    @Test func limitChecksWorkAboutToStart() throws {
        try MemoryLimit(bytes: 80).check(doubles: 10)
        let refusal = #expect(throws: MemoryShortfall.self) { try MemoryLimit(bytes: 80).check(doubles: 11) }
        #expect(refusal == MemoryShortfall(request: .doubles(11), reserved: 0, limit: MemoryLimit(bytes: 80)))
    }

    /// Data readers refuse by kind and place, not by prose: a CSV at the line that crosses the
    /// limit, an NPY from its header before the data is widened.
    @Test func dataReadersRefuseWithTheShortfallAtThePlace() throws {
        let limit = MemoryLimit(bytes: 64)
        let csv = try #require(throws: FormatError.self) {
            try CSVDataFile.parse("1,2\n3,4\n5,6\n7,8\n9,10\n", file: "x.csv", memoryLimit: limit)
        }
        #expect(csv.location == [.line(5, column: 1)])
        #expect(csv.kind == .exceedsMemoryLimit(MemoryShortfall(request: .doubles(2), reserved: 8, limit: limit)))
        let npy = NPYFile.encode(NumPyArray(shape: [3, 3], storage: .float64([Double](repeating: 1, count: 9))))
        let array = try #require(throws: FormatError.self) { try NPYFile.decode(npy, file: "x.npy", memoryLimit: limit) }
        #expect(array.location == [] && array.message.hasPrefix("shape (3, 3) would need 9 doubles"))
        #expect(array.kind == .exceedsMemoryLimit(MemoryShortfall(request: .doubles(9), reserved: 0, limit: limit)))
    }
}
