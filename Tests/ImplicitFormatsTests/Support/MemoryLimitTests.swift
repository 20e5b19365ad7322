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

    @Test func budgetRefusesTheFirstRequestBeyondTheLimit() {
        let budget = MemoryBudget(MemoryLimit(bytes: 800))
        #expect(budget.reserve(60) == nil)
        #expect(budget.check(rows: 5, cols: 8) == nil)
        #expect(budget.spent == 60)
        let refusal = budget.reserve(rows: 6, cols: 8)
        #expect(refusal == "would need 6×8 = 48 doubles (384 bytes) with the 480 bytes this model already takes, beyond the memory limit of 800 bytes (raise it with --max-memory)")
        #expect(budget.spent == 60)
        // Products that overflow Int are refused, not trapped on.
        #expect(budget.reserve(rows: 1 << 40, cols: 1 << 40)?.contains("more than memory can address") == true)
        #expect(budget.reserve(Int.max / 2) != nil)
    }
}
