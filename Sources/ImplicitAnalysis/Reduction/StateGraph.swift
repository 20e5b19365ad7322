import ImplicitModel

/// The state-level view of a model's A, B and C that the exact reductions walk: which states read
/// which, at a magnitude tolerance, without ever forming A densely.
struct StateGraph {
    let model: ImplicitModel
    /// Entries with |w| ≤ tolerance count as absent.
    let tolerance: Double
    let offsets: [Int]
    /// The block holding each state.
    let blockOf: [Int]
    /// Stored blocks of A by block row and by block column.
    let rowBlocks: [[(col: Int, block: Matrix)]]
    let columnBlocks: [[(row: Int, block: Matrix)]]

    init(_ model: ImplicitModel, tolerance: Double) {
        self.model = model
        self.tolerance = tolerance
        offsets = model.stateOffsets
        blockOf = model.states.enumerated().flatMap { [Int](repeating: $0.offset, count: $0.element.size) }
        var rows = [[(col: Int, block: Matrix)]](repeating: [], count: model.states.count)
        var cols = [[(row: Int, block: Matrix)]](repeating: [], count: model.states.count)
        for (index, block) in model.a.sortedBlocks {
            rows[index.row].append((index.col, block))
            cols[index.col].append((index.row, block))
        }
        rowBlocks = rows
        columnBlocks = cols
    }

    var stateCount: Int { blockOf.count }

    func isPresent(_ w: Double) -> Bool { Swift.abs(w) > tolerance }

    /// Calls `body(reader, weight)` for every nonzero A[reader, state] (tolerance not applied).
    func forEachReader(of state: Int, _ body: (Int, Double) -> Void) {
        let j = blockOf[state], local = state - offsets[j]
        for (k, block) in columnBlocks[j] {
            block.withColumn(local) { column in
                for r in column.indices where column[r] != 0 { body(offsets[k] + r, column[r]) }
            }
        }
    }

    /// Calls `body(output, weight)` for every nonzero C[output, state].
    func forEachOutputWeight(of state: Int, _ body: (Int, Double) -> Void) {
        let j = blockOf[state], local = state - offsets[j]
        guard let block = model.c[0, j] else { return }
        for q in 0..<block.rows where block[q, local] != 0 { body(q, block[q, local]) }
    }

    /// For each state, whether some |B[state, ·]| exceeds the tolerance.
    func readsInput() -> [Bool] {
        var result = [Bool](repeating: false, count: stateCount)
        for (k, size) in model.stateSizes.enumerated() {
            guard let block = model.b[k, 0] else { continue }
            for c in 0..<block.cols { for r in 0..<size where isPresent(block[r, c]) { result[offsets[k] + r] = true } }
        }
        return result
    }

    /// For each state, the number of sources j with |A[state, j]| above the tolerance.
    func sourceCounts() -> [Int] {
        var counts = [Int](repeating: 0, count: stateCount)
        for (k, blocks) in rowBlocks.enumerated() {
            for (_, block) in blocks {
                for c in 0..<block.cols { for r in 0..<block.rows where isPresent(block[r, c]) { counts[offsets[k] + r] += 1 } }
            }
        }
        return counts
    }

    /// A label for every state: `block[i]`, i counted within the block.
    static func defaultLabels(_ model: ImplicitModel) -> [String] {
        model.states.flatMap { block in (0..<block.size).map { "\(block.name)[\($0)]" } }
    }
}
