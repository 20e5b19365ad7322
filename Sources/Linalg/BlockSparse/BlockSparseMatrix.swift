/// A matrix cut into a grid of row blocks and column blocks that stores only its nonzero blocks.
///
/// An implicit model's A has one row block and one column block per state block; for a
/// feedforward network only the blocks of actual connections exist, so a network of 8 layers of
/// 4096 units keeps 7 blocks of 4096² instead of a dense 32768² matrix (8 GiB).
/// Absent blocks are zero. Each present block is a dense `Matrix`.
public struct BlockSparseMatrix: Sendable, Equatable {
    public let rowBlockSizes: [Int]
    public let colBlockSizes: [Int]
    public private(set) var blocks: [BlockIndex: Matrix]

    public init(rowBlockSizes: [Int], colBlockSizes: [Int], blocks: [BlockIndex: Matrix] = [:]) {
        precondition(rowBlockSizes.allSatisfy { $0 >= 0 } && colBlockSizes.allSatisfy { $0 >= 0 },
                     "negative block size")
        self.rowBlockSizes = rowBlockSizes
        self.colBlockSizes = colBlockSizes
        self.blocks = [:]
        for (index, block) in blocks { self[index.row, index.col] = block }
    }

    public var rows: Int { rowBlockSizes.reduce(0, +) }
    public var cols: Int { colBlockSizes.reduce(0, +) }
    public var rowOffsets: [Int] { BlockSparseMatrix.offsets(rowBlockSizes) }
    public var colOffsets: [Int] { BlockSparseMatrix.offsets(colBlockSizes) }

    /// Start offsets of consecutive blocks of the given sizes.
    public static func offsets(_ sizes: [Int]) -> [Int] {
        var result = [Int](), total = 0
        for size in sizes { result.append(total); total += size }
        return result
    }

    /// The block at (blockRow, blockCol), or nil when it is zero. Setting nil or an all-zero
    /// matrix removes it.
    public subscript(blockRow: Int, blockCol: Int) -> Matrix? {
        get { blocks[BlockIndex(row: blockRow, col: blockCol)] }
        set {
            let index = BlockIndex(row: blockRow, col: blockCol)
            guard let block = newValue, !block.isZero else { blocks[index] = nil; return }
            precondition(block.rows == rowBlockSizes[blockRow] && block.cols == colBlockSizes[blockCol],
                         "block \(index) is \(block.rows)×\(block.cols), expected \(rowBlockSizes[blockRow])×\(colBlockSizes[blockCol])")
            blocks[index] = block
        }
    }

    /// Present blocks in row-major block order, so that output is deterministic.
    public var sortedBlocks: [(index: BlockIndex, block: Matrix)] {
        blocks.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The present blocks of one block row, by block column.
    public func blocks(inRow blockRow: Int) -> [(col: Int, block: Matrix)] {
        blocks.filter { $0.key.row == blockRow }.map { ($0.key.col, $0.value) }.sorted { $0.col < $1.col }
    }

    /// The present blocks of one block column, by block row.
    public func blocks(inColumn blockCol: Int) -> [(row: Int, block: Matrix)] {
        blocks.filter { $0.key.col == blockCol }.map { ($0.key.row, $0.value) }.sorted { $0.row < $1.row }
    }

    /// Number of stored elements (the sum of present block sizes).
    public var storedCount: Int { blocks.values.reduce(0) { $0 + $1.count } }

    /// Number of nonzero elements.
    public var nonzeroCount: Int { blocks.values.reduce(0) { $0 + $1.nonzeroCount() } }

    /// The dense matrix. Only for blocks small enough to hold densely (analysis of one cyclic
    /// component, tests); models of real size never call it on A as a whole.
    public func dense() -> Matrix {
        var m = Matrix(rows: rows, cols: cols)
        let ro = rowOffsets, co = colOffsets
        for (index, block) in blocks { m.setBlock(block, atRow: ro[index.row], col: co[index.col]) }
        return m
    }

    /// The dense submatrix for a subset of block rows and block columns, in the order given.
    public func dense(rowBlocks: [Int], colBlocks: [Int]) -> Matrix {
        let rSizes = rowBlocks.map { rowBlockSizes[$0] }, cSizes = colBlocks.map { colBlockSizes[$0] }
        let ro = BlockSparseMatrix.offsets(rSizes), co = BlockSparseMatrix.offsets(cSizes)
        var m = Matrix(rows: rSizes.reduce(0, +), cols: cSizes.reduce(0, +))
        for (ri, r) in rowBlocks.enumerated() {
            for (ci, c) in colBlocks.enumerated() {
                if let block = self[r, c] { m.setBlock(block, atRow: ro[ri], col: co[ci]) }
            }
        }
        return m
    }

    /// Cuts a dense matrix into the given block grid, keeping only nonzero blocks.
    public init(dense m: Matrix, rowBlockSizes: [Int], colBlockSizes: [Int]) {
        precondition(m.rows == rowBlockSizes.reduce(0, +) && m.cols == colBlockSizes.reduce(0, +),
                     "dense \(m.rows)×\(m.cols) does not match the block grid")
        self.init(rowBlockSizes: rowBlockSizes, colBlockSizes: colBlockSizes)
        let ro = rowOffsets, co = colOffsets
        for r in rowBlockSizes.indices {
            for c in colBlockSizes.indices {
                let block = m.submatrix(rows: Array(ro[r]..<(ro[r] + rowBlockSizes[r])),
                                        cols: Array(co[c]..<(co[c] + colBlockSizes[c])))
                self[r, c] = block
            }
        }
    }

    /// The transpose, block by block.
    public func transposed() -> BlockSparseMatrix {
        var t = BlockSparseMatrix(rowBlockSizes: colBlockSizes, colBlockSizes: rowBlockSizes)
        for (index, block) in blocks { t[index.col, index.row] = block.transposed() }
        return t
    }
}
