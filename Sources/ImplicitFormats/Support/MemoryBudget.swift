/// What the sizes written in one file may still make its reader allocate, against a
/// `MemoryLimit`.
///
/// A reader reserves before it allocates anything whose size the file states rather than pays
/// for with its own bytes: zeros it fills in, members it decompresses, products it forms. The
/// first request beyond the limit is refused, so a file of a few bytes cannot ask for terabytes.
final class MemoryBudget {
    let limit: MemoryLimit
    /// Doubles reserved so far.
    private(set) var spent = 0

    init(_ limit: MemoryLimit) { self.limit = limit }

    /// Reserves `count` doubles.
    /// - Returns: nil when they fit, otherwise the reason for the caller's error.
    func reserve(_ count: Int) -> String? {
        reserve(count, shape: nil)
    }

    /// Reserves a `rows` × `cols` matrix of doubles (the product may overflow `Int`).
    /// - Returns: nil when it fits, otherwise the reason for the caller's error.
    func reserve(rows: Int, cols: Int) -> String? {
        let (count, overflow) = rows.multipliedReportingOverflow(by: cols)
        return reserve(overflow ? Int.max : count, shape: "\(rows)×\(cols)")
    }

    /// Reserves `bytes` of memory that is not doubles (a parser's tree), as ⌈bytes / 8⌉ doubles.
    /// - Returns: nil when they fit, otherwise the reason, in bytes, for the caller's error.
    func reserve(bytes: Int) -> String? {
        let count = bytes / 8 + (bytes % 8 == 0 ? 0 : 1)
        return reserve(count, shape: nil, commit: true, inBytes: true)
    }

    /// Checks that `count` doubles would fit, without reserving them (for a result that is
    /// reserved once made).
    /// - Returns: nil when they fit, otherwise the reason for the caller's error.
    func check(_ count: Int) -> String? {
        reserve(count, shape: nil, commit: false)
    }

    /// Checks that a `rows` × `cols` matrix would fit, without reserving it.
    /// - Returns: nil when it fits, otherwise the reason for the caller's error.
    func check(rows: Int, cols: Int) -> String? {
        let (count, overflow) = rows.multipliedReportingOverflow(by: cols)
        return reserve(overflow ? Int.max : count, shape: "\(rows)×\(cols)", commit: false)
    }

    private func reserve(_ count: Int, shape: String?, commit: Bool = true, inBytes: Bool = false) -> String? {
        let (total, overflow) = spent.addingReportingOverflow(count)
        let (bytes, bytesOverflow) = total.multipliedReportingOverflow(by: 8)
        guard count < 0 || overflow || bytesOverflow || bytes > limit.bytes else {
            if commit { spent = total }
            return nil
        }
        let amount: String
        if inBytes {
            amount = count == Int.max ? "more bytes than memory can address" : MemoryLimit.format(count * 8)
        } else if count == Int.max {
            amount = shape.map { "\($0) doubles, more than memory can address" } ?? "more doubles than memory can address"
        } else {
            let size = MemoryLimit.format(count.multipliedReportingOverflow(by: 8).overflow ? Int.max : count * 8)
            amount = (shape.map { "\($0) = " } ?? "") + "\(count) doubles (\(size))"
        }
        let already = spent > 0 ? " with the \(MemoryLimit.format(spent * 8)) this model already takes" : ""
        return "would need \(amount)\(already), beyond the memory limit of \(limit) (raise it with --max-memory)"
    }
}
