import ImplicitModel
import Linalg

/// One pass over the stored entries of M = [[A, B], [C, D]] that yields both the picture and the
/// weight norms: on the 8 × 4096 network the stored blocks hold 134 million entries, so they are
/// read once, column by column, and nothing n × n is ever formed.
struct MatrixScan {
    let picture: MatrixPicture
    let norms: WeightNorms

    init(_ model: ImplicitModel, maxCells: Int, minCells: Int) {
        let n = model.stateCount, p = model.input.size, q = model.output.size
        let blocks = model.states.map { (name: $0.name, size: $0.size) }
        let rowAxis = AxisSampling(segments: blocks + [(model.output.name, q)], maxCells: maxCells, minCells: minCells)
        let colAxis = AxisSampling(segments: blocks + [(model.input.name, p)], maxCells: maxCells, minCells: minCells)
        let rowCell = rowAxis.cellOfEntry(), colCell = colAxis.cellOfEntry()
        let width = colAxis.cells
        var grid = [Double](repeating: 0, count: rowAxis.cells * width)
        var rowSquares = [Double](repeating: 0, count: n)      // (A, B) rows
        var stateColumnSquares = [Double](repeating: 0, count: n)   // (A; C) columns
        var inputColumnSquares = [Double](repeating: 0, count: p)   // (B; D) columns

        /// Visits `block` placed at (rowOffset, colOffset) of M; returns each column's sum of
        /// squares, and adds each row's into `rowSquares` when the rows are states.
        func visit(_ block: Matrix, rowOffset: Int, colOffset: Int, statesRows: Bool) -> [Double] {
            var columnSquares = [Double](repeating: 0, count: block.cols)
            grid.withUnsafeMutableBufferPointer { cells in
                rowSquares.withUnsafeMutableBufferPointer { rowSq in
                    rowCell.withUnsafeBufferPointer { rowCells in
                        for j in 0..<block.cols {
                            let column = block.column(j)
                            let base = colCell[colOffset + j]
                            var sum = 0.0
                            column.withUnsafeBufferPointer { values in
                                for i in 0..<values.count {
                                    let v = values[i]
                                    guard v != 0 else { continue }
                                    let square = v * v
                                    sum += square
                                    if statesRows { rowSq[rowOffset + i] += square }
                                    let index = rowCells[rowOffset + i] * width + base
                                    let magnitude = Swift.abs(v)
                                    if magnitude > cells[index] { cells[index] = magnitude }
                                }
                            }
                            columnSquares[j] = sum
                        }
                    }
                }
            }
            return columnSquares
        }

        let offsets = model.stateOffsets
        for (index, block) in model.a.sortedBlocks {
            let sums = visit(block, rowOffset: offsets[index.row], colOffset: offsets[index.col], statesRows: true)
            for j in sums.indices { stateColumnSquares[offsets[index.col] + j] += sums[j] }
        }
        for (index, block) in model.b.sortedBlocks {
            let sums = visit(block, rowOffset: offsets[index.row], colOffset: n, statesRows: true)
            for j in sums.indices { inputColumnSquares[j] += sums[j] }
        }
        for (index, block) in model.c.sortedBlocks {
            let sums = visit(block, rowOffset: n, colOffset: offsets[index.col], statesRows: false)
            for j in sums.indices { stateColumnSquares[offsets[index.col] + j] += sums[j] }
        }
        let sums = visit(model.d, rowOffset: n, colOffset: n, statesRows: false)
        for j in sums.indices { inputColumnSquares[j] += sums[j] }

        picture = MatrixPicture(rows: rowAxis, cols: colAxis, maxAbs: grid, stateCount: n)
        norms = WeightNorms(inputColumns: inputColumnSquares.map { $0.squareRoot() },
                            stateRows: rowSquares.map { $0.squareRoot() },
                            stateColumns: stateColumnSquares.map { $0.squareRoot() })
    }
}
