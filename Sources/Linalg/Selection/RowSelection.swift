/// A rows × cols matrix with at most one nonzero per row, S[i, column(i)] = scale(i): the
/// identity, the rows of it a slice or a gather picks (repeats allowed), and those scaled row
/// by row. It holds O(rows) numbers where its dense form holds rows × cols, so an importer
/// can carry `I · x` for an input of p features through shape and scaling operators without
/// a p × p identity (`Matrix * RowSelection` multiplies it away without forming it).
public struct RowSelection: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    /// The column of each row's entry; nil for the identity's `0..<rows`.
    private let columns: [Int]?
    /// Each row's entry, 0 for a zero row; nil when every entry is 1.
    private let scales: [Double]?

    private init(rows: Int, cols: Int, columns: [Int]?, scales: [Double]?) {
        self.rows = rows
        self.cols = cols
        self.columns = columns
        self.scales = scales
    }

    /// The n × n identity, held as two integers.
    public static func identity(_ n: Int) -> RowSelection {
        precondition(n >= 0, "identity of size \(n)")
        return RowSelection(rows: n, cols: n, columns: nil, scales: nil)
    }

    /// True for the identity as `identity(_:)` makes it (a selection equal to it by its
    /// entries, such as every row of it in order, may answer false).
    public var isIdentity: Bool { columns == nil && scales == nil }

    /// The column of row i's entry.
    public func column(_ i: Int) -> Int { columns?[i] ?? i }

    /// Row i's entry (0 for a zero row).
    public func scale(_ i: Int) -> Double { scales?[i] ?? 1 }

    /// How many numbers it holds (columns and entries; none for the identity).
    public var storedCount: Int { (columns?.count ?? 0) + (scales?.count ?? 0) }

    /// Where its entries are stored, to tell a copy not yet written to from new numbers, as
    /// `Matrix.storageIdentity`; nil for the identity, which stores none. Only compared.
    public var storageIdentity: UnsafeRawPointer? {
        if let scales { return scales.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) } }
        return columns?.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
    }

    /// s · S.
    public func scaled(by s: Double) -> RowSelection {
        RowSelection(rows: rows, cols: cols, columns: columns, scales: (0..<rows).map { s * scale($0) })
    }

    /// diag(d) · S: row i scaled by d[i].
    public func scaledRows(by d: [Double]) -> RowSelection {
        precondition(d.count == rows, "row scaling of \(d.count) for \(rows) rows")
        return RowSelection(rows: rows, cols: cols, columns: columns, scales: (0..<rows).map { d[$0] * scale($0) })
    }

    /// The rows `indices` of S, in that order (repeats allowed).
    public func selectingRows(_ indices: [Int]) -> RowSelection {
        for i in indices { precondition(i >= 0 && i < rows, "row \(i) of \(rows)") }
        return RowSelection(rows: indices.count, cols: cols, columns: indices.map(column),
                            scales: scales.map { s in indices.map { s[$0] } })
    }

    /// S + T when both pick the same column in every row (then the entries add), else nil.
    public func adding(_ other: RowSelection) -> RowSelection? {
        precondition(rows == other.rows && cols == other.cols, "adding \(rows)×\(cols) and \(other.rows)×\(other.cols)")
        guard columns == other.columns || (0..<rows).allSatisfy({ column($0) == other.column($0) }) else { return nil }
        return RowSelection(rows: rows, cols: cols, columns: columns, scales: (0..<rows).map { scale($0) + other.scale($0) })
    }

    /// [S₁; S₂; …] of `cols` columns, a nil part standing for `rows` zero rows.
    public static func stacked(_ parts: [(rows: Int, selection: RowSelection?)], cols: Int) -> RowSelection {
        var columns: [Int] = [], scales: [Double] = []
        for part in parts {
            guard let s = part.selection else {
                columns += [Int](repeating: 0, count: part.rows)
                scales += [Double](repeating: 0, count: part.rows)
                continue
            }
            precondition(s.rows == part.rows && s.cols == cols, "stacking \(s.rows)×\(s.cols) as \(part.rows)×\(cols)")
            columns += (0..<s.rows).map(s.column)
            scales += (0..<s.rows).map(s.scale)
        }
        return RowSelection(rows: columns.count, cols: cols, columns: columns, scales: scales)
    }

    /// The rows × cols matrix it stands for.
    public var dense: Matrix {
        var m = Matrix(rows: rows, cols: cols)
        m.add(self)
        return m
    }
}
