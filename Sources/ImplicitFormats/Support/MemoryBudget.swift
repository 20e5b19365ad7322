/// What the sizes written in one file may still make its reader allocate, against a
/// `MemoryLimit`.
///
/// A reader reserves before it allocates anything whose size the file states rather than pays
/// for with its own bytes: zeros it fills in, members it decompresses, products it forms. The
/// first request beyond the limit is refused with a `MemoryShortfall`, so a file of a few bytes
/// cannot ask for terabytes.
final class MemoryBudget {
    let limit: MemoryLimit
    /// Doubles reserved so far.
    private(set) var spent = 0

    init(_ limit: MemoryLimit) { self.limit = limit }

    /// Reserves `count` doubles.
    /// - Throws: `MemoryShortfall` when they do not fit; nothing is reserved then.
    func reserve(_ count: Int) throws(MemoryShortfall) {
        try request(.doubles(count), commit: true)
    }

    /// Reserves a `rows` × `cols` matrix of doubles (the product may overflow `Int`).
    /// - Throws: `MemoryShortfall` when it does not fit.
    func reserve(rows: Int, cols: Int) throws(MemoryShortfall) {
        try request(.matrix(rows: rows, cols: cols), commit: true)
    }

    /// Reserves `bytes` of memory that is not doubles (a parser's tree), as ⌈bytes / 8⌉ doubles.
    /// - Throws: `MemoryShortfall` when they do not fit.
    func reserve(bytes: Int) throws(MemoryShortfall) {
        try request(.bytes(doubles: bytes / 8 + (bytes % 8 == 0 ? 0 : 1)), commit: true)
    }

    /// Checks that `count` doubles would fit, without reserving them (for a result that is
    /// reserved once made).
    /// - Throws: `MemoryShortfall` when they do not fit.
    func check(_ count: Int) throws(MemoryShortfall) {
        try request(.doubles(count), commit: false)
    }

    /// Checks that a `rows` × `cols` matrix would fit, without reserving it.
    /// - Throws: `MemoryShortfall` when it does not fit.
    func check(rows: Int, cols: Int) throws(MemoryShortfall) {
        try request(.matrix(rows: rows, cols: cols), commit: false)
    }

    /// Reserves what `request` asks for (the forms above, as one value).
    /// - Throws: `MemoryShortfall` when it does not fit.
    func reserve(_ request: MemoryShortfall.Request) throws(MemoryShortfall) {
        try self.request(request, commit: true)
    }

    private func request(_ request: MemoryShortfall.Request, commit: Bool) throws(MemoryShortfall) {
        let shortfall = MemoryShortfall(request: request, reserved: spent, limit: limit)
        let count = shortfall.doubles
        let (total, overflow) = spent.addingReportingOverflow(count)
        let (bytes, bytesOverflow) = total.multipliedReportingOverflow(by: 8)
        guard count < 0 || overflow || bytesOverflow || bytes > limit.bytes else {
            if commit { spent = total }
            return
        }
        throw shortfall
    }
}
