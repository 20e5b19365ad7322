import Testing
@testable import ImplicitAnalysis
import ImplicitModel
import ImplicitTestSupport
import Linalg

/// `OutputReachability` walks the stored blocks of A and C; on a large sparse model with cycles,
/// block maps, row-major blocks, entries at the tolerance and dead states it must mark exactly
/// the states a breadth-first search over the dense A and C marks.
@Suite struct OutputReachabilityTests {
    /// Entries with |w| ≤ this are absent; the model plants entries on both sides of it.
    static let tolerance = 1e-9

    @Test(arguments: [UInt64(11), 12, 13])
    func largeSparseModelMatchesADenseSearch(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let model = try Self.sparseModel(blocks: 48, using: &rng)
        let n = model.stateCount
        #expect(n > 1000)
        let alive = (0..<n).map { _ in rng.nextUnitInterval() > 0.05 }

        let found = OutputReachability(graph: StateGraph(model, tolerance: Self.tolerance), alive: alive)
        let expected = Self.denseSearch(model, alive: alive)
        #expect(found.reachesOutput == expected.reaches)
        #expect(found.isUnread == expected.unread)
        // The model exercises every case: reached, cut off but read, unread.
        let reached = expected.reaches.filter { $0 }.count, unread = expected.unread.filter { $0 }.count
        #expect(reached > 0 && unread > 0 && reached + unread < alive.filter { $0 }.count)
    }

    /// The truth: a breadth-first search over the dense A from the states C reads above the
    /// tolerance, each block map's states reached together, then unread = no other live reader.
    static func denseSearch(_ model: ImplicitModel, alive: [Bool]) -> (reaches: [Bool], unread: [Bool]) {
        let a = model.a.dense(), c = model.c.dense(), n = model.stateCount
        var block = [Int](repeating: 0, count: n)
        for k in model.states.indices { for i in model.stateRange(ofBlock: k) { block[i] = k } }
        var reaches = [Bool](repeating: false, count: n)
        var frontier = (0..<n).filter { j in alive[j] && (0..<c.rows).contains { abs(c[$0, j]) > tolerance } }
        for j in frontier { reaches[j] = true }
        while let i = frontier.popLast() {
            let coupled = model.states[block[i]].map.isBlockMap ? Array(model.stateRange(ofBlock: block[i])) : []
            for j in coupled + (0..<n).filter({ abs(a[i, $0]) > tolerance }) where alive[j] && !reaches[j] {
                reaches[j] = true
                frontier.append(j)
            }
        }
        let unread = (0..<n).map { j in
            alive[j] && !reaches[j] && !(0..<n).contains { i in i != j && alive[i] && abs(a[i, j]) > tolerance }
        }
        return (reaches, unread)
    }

    /// `blocks` state blocks of 8 to 48 states, every tenth a softmax; each ordered pair of blocks
    /// stored with probability 6 % (both directions, so there are cycles), each stored entry
    /// nonzero with probability 10 %, half of those at 10⁻¹², below the tolerance; a third of
    /// the blocks row-major. C reads a fifth of the blocks, sparsely.
    static func sparseModel(blocks count: Int, using rng: inout SeededGenerator) throws -> ImplicitModel {
        let states = (0..<count).map { k in
            StateBlock(name: "h\(k)", size: Int.random(in: 8...48, using: &rng),
                       map: k % 10 == 9 ? .softmax : .elementwise(.relu))
        }
        let sizes = states.map(\.size), n = sizes.reduce(0, +), p = 3, q = 5
        func sparse(_ rows: Int, _ cols: Int) -> Matrix {
            let values = (0..<(rows * cols)).map { _ -> Double in
                let u = rng.nextUnitInterval()
                return u < 0.05 ? rng.normal() : u < 0.1 ? 1e-12 : 0
            }
            return rng.nextUnitInterval() < 1.0 / 3 ? Matrix(rows: rows, cols: cols, rowMajor: values)
                : Matrix(rows: rows, cols: cols, columnMajor: values)
        }
        var a = BlockSparseMatrix(rowBlockSizes: sizes, colBlockSizes: sizes)
        for r in 0..<count {
            for c in 0..<count where rng.nextUnitInterval() < 0.06 { a[r, c] = sparse(sizes[r], sizes[c]) }
        }
        var c = BlockSparseMatrix(rowBlockSizes: [q], colBlockSizes: sizes)
        for k in 0..<count where rng.nextUnitInterval() < 0.2 { c[0, k] = sparse(q, sizes[k]) }
        return try ImplicitModel(input: Port(name: "u", size: p), output: Port(name: "y", size: q), states: states,
                                 a: a, b: BlockSparseMatrix(rowBlockSizes: sizes, colBlockSizes: [p]), c: c,
                                 d: Matrix(rows: q, cols: p), biasX: [Double](repeating: 0, count: n),
                                 biasY: [Double](repeating: 0, count: q))
    }
}
