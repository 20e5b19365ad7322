import ImplicitModel
import ImplicitReport
import ImplicitTestSupport
import Linalg
import Testing

/// The picture and the norms against the dense M = [[A, B], [C, D]] built entry by entry.
@Suite struct MatrixScanTests {
    /// Dense M of a model small enough to hold.
    static func denseM(_ model: ImplicitModel) -> Matrix {
        let n = model.stateCount, p = model.input.size, q = model.output.size
        var m = Matrix(rows: n + q, cols: n + p)
        m.setBlock(model.a.dense(), atRow: 0, col: 0)
        m.setBlock(model.b.dense(), atRow: 0, col: n)
        m.setBlock(model.c.dense(), atRow: n, col: 0)
        m.setBlock(model.d, atRow: n, col: n)
        return m
    }

    static func randomModel(seed: UInt64, layers: Int) throws -> ImplicitModel {
        var rng = SeededGenerator(seed: seed)
        var model = ImplicitModel.Builder(try ImplicitModel(assembling: RandomNetwork.make(layers: layers, input: 5, output: 3, dag: true, using: &rng)))
        // A cyclic diagonal block too, so that A is not only triangular.
        let k = model.states.count - 1
        model.a[k, k] = rng.matrix(model.states[k].size, model.states[k].size, scale: 0.1)
        return try model.build()
    }

    /// Every cell holds the largest |entry| of the rows × columns it covers; every entry is in
    /// exactly one cell; the norms are the dense rows' and columns' norms.
    @Test(arguments: [(UInt64(1), 8, 4), (2, 30, 12), (3, 30, 1000), (4, 5, 3)])
    func cellsHoldTheLargestEntryTheyCover(seed: UInt64, layers: Int, maxCells: Int) throws {
        let model = try Self.randomModel(seed: seed, layers: layers)
        var options = ReportOptions()
        options.matrixCells = maxCells
        options.minimumBlockCells = 2
        let report = try ModelReport(model: model, kind: "implicit", title: "random", options: options)
        let pic = report.picture, m = Self.denseM(model)
        #expect(pic.rows.length == m.rows && pic.cols.length == m.cols)
        for axis in [pic.rows, pic.cols] {
            #expect(axis.cellStarts.first == 0 && axis.cellStarts.last == axis.length)
            #expect(zip(axis.cellStarts, axis.cellStarts.dropFirst()).allSatisfy { $0 < $1 }, "every cell covers at least one entry")
            #expect(Double(axis.cells) <= Swift.max(Double(axis.length <= maxCells ? axis.length : 0), 1.5 * Double(maxCells)))
        }
        for r in 0..<pic.rows.cells {
            for c in 0..<pic.cols.cells {
                var expected = 0.0
                for i in pic.rows.cellStarts[r]..<pic.rows.cellStarts[r + 1] {
                    for j in pic.cols.cellStarts[c]..<pic.cols.cellStarts[c + 1] { expected = Swift.max(expected, Swift.abs(m[i, j])) }
                }
                #expect(pic[r, c] == expected)
            }
        }
        let n = model.stateCount
        func norm(_ values: [Double]) -> Double { values.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        for i in 0..<n {
            #expect(Swift.abs(report.norms.stateRows[i] - norm(m.row(i))) <= 1e-12 * Swift.max(1, norm(m.row(i))))
            let column = Array(m.column(i))
            #expect(Swift.abs(report.norms.stateColumns[i] - norm(column)) <= 1e-12 * Swift.max(1, norm(column)))
        }
        for k in 0..<model.input.size {
            let column = Array(m.column(n + k))
            #expect(Swift.abs(report.norms.inputColumns[k] - norm(column)) <= 1e-12 * Swift.max(1, norm(column)))
        }
    }

    /// Downsampled, a block of 10 beside 10 000 keeps its minimum number of cells, and a
    /// boundary between blocks falls on a cell boundary.
    @Test func narrowBlocksKeepTheirCells() {
        let axis = AxisSampling(segments: [("wide", 10_000), ("narrow", 10), ("port", 3)], maxCells: 100, minCells: 4)
        #expect(axis.cells >= 100 && axis.cells <= 150)
        #expect(axis.position(of: 10_000) == axis.position(of: 10_000).rounded())
        let narrowCells = Int(axis.position(of: 10_010) - axis.position(of: 10_000))
        #expect(narrowCells == 4)
        #expect(Int(axis.position(of: 10_013) - axis.position(of: 10_010)) == 3, "a segment smaller than the minimum gets one cell per entry")
        let small = AxisSampling(segments: [("a", 3), ("b", 2)], maxCells: 100, minCells: 4)
        #expect(small.cellStarts == [0, 1, 2, 3, 4, 5])
    }

    /// Very many small blocks: the minimum cannot hold for all, so the side is cut uniformly.
    @Test func manyBlocksAreCutUniformly() {
        let axis = AxisSampling(segments: (0..<1000).map { ("b\($0)", 3) }, maxCells: 100, minCells: 4)
        #expect(axis.cells == 100)
        #expect(axis.cellStarts == (0...100).map { $0 * 3000 / 100 })
    }
}
