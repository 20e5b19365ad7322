/// The position of one block in a block-sparse matrix: block row and block column.
public struct BlockIndex: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let row: Int
    public let col: Int

    public init(row: Int, col: Int) {
        self.row = row
        self.col = col
    }

    public static func < (a: BlockIndex, b: BlockIndex) -> Bool {
        a.row != b.row ? a.row < b.row : a.col < b.col
    }

    public var description: String { "(\(row), \(col))" }
}
