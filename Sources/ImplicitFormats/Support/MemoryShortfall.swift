/// A request that a `MemoryBudget` (or a `MemoryLimit`) refused: what was asked for, what was
/// reserved before it, and the limit.
///
/// It says what is wrong in the file's terms, "would need 6×8 = 48 doubles (384 bytes) with the
/// 480 bytes this model already takes, beyond the memory limit of 800 bytes"; the command line
/// adds how to raise the limit.
public struct MemoryShortfall: Error, CustomStringConvertible, Equatable, Sendable {
    /// What a reader asked to allocate.
    public enum Request: Equatable, Sendable {
        /// `count` doubles; `Int.max` when the count overflows what memory can address.
        case doubles(Int)
        /// A `rows` × `cols` matrix of doubles (the product may overflow `Int`).
        case matrix(rows: Int, cols: Int)
        /// Memory that is not doubles (a parser's tree), rounded up to whole doubles:
        /// `doubles` × 8 bytes.
        case bytes(doubles: Int)
    }

    /// What was asked for.
    public let request: Request
    /// Doubles reserved before the request.
    public let reserved: Int
    /// The limit the request would exceed.
    public let limit: MemoryLimit

    public init(request: Request, reserved: Int, limit: MemoryLimit) {
        self.request = request
        self.reserved = reserved
        self.limit = limit
    }

    /// The doubles the request takes; `Int.max` when they overflow `Int`.
    public var doubles: Int {
        switch request {
        case .doubles(let count), .bytes(let count): return count
        case let .matrix(rows, cols):
            let (count, overflow) = rows.multipliedReportingOverflow(by: cols)
            return overflow ? Int.max : count
        }
    }

    public var description: String {
        let count = doubles
        let amount: String
        switch request {
        case .bytes:
            let (bytes, overflow) = count.multipliedReportingOverflow(by: 8)
            amount = overflow || count == Int.max ? "more bytes than memory can address" : MemoryLimit.format(bytes)
        case .doubles, .matrix:
            let shape: String?
            if case let .matrix(rows, cols) = request { shape = "\(rows)×\(cols)" } else { shape = nil }
            if count == Int.max {
                amount = shape.map { "\($0) doubles, more than memory can address" } ?? "more doubles than memory can address"
            } else {
                let size = MemoryLimit.format(count.multipliedReportingOverflow(by: 8).overflow ? Int.max : count * 8)
                amount = (shape.map { "\($0) = " } ?? "") + "\(count) doubles (\(size))"
            }
        }
        let already = reserved > 0 ? " with the \(MemoryLimit.format(reserved * 8)) this model already takes" : ""
        return "would need \(amount)\(already), beyond the memory limit of \(limit)"
    }
}
