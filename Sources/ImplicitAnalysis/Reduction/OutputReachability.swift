import ImplicitModel

/// Which states can influence the output: backward reachability from the nonzero columns of C
/// through A, over the states still alive.
///
/// A state that no path of nonzero weights leads from to the output does not change ŷ, whatever
/// its value, so removing it (and its column) is exact. Among those, `isUnread` marks the ones
/// nothing else reads at all (zero column in C and, apart from the diagonal, in A); the others are
/// read only by states that are themselves cut off. The states of a block map count as one: each
/// reaches the output when any of them does.
struct OutputReachability {
    private(set) var reachesOutput: [Bool]
    private(set) var isUnread: [Bool]

    /// One pass over the stored entries of C, then each reached state's row of A once, then every
    /// stored block of A column by column: O(nnz(A) + nnz(C)) work, no dense A.
    init(graph: StateGraph, alive: [Bool]) {
        let model = graph.model, offsets = graph.offsets, n = graph.stateCount
        var reaches = [Bool](repeating: false, count: n)
        var stack: [Int] = []
        for (index, block) in model.c.blocks {
            let first = offsets[index.col]
            for c in 0..<block.cols where alive[first + c] && !reaches[first + c] {
                for q in 0..<block.rows where graph.isPresent(block[q, c]) {
                    reaches[first + c] = true
                    stack.append(first + c)
                    break
                }
            }
        }
        // State i of a block map (softmax, layer normalisation) reads every pre-activation of its
        // block: reaching it reaches them all, so such blocks are kept or dropped whole.
        var coupled = [Range<Int>?](repeating: nil, count: n)
        for k in model.states.indices where model.states[k].map.isBlockMap {
            let range = model.stateRange(ofBlock: k)
            for i in range { coupled[i] = range }
        }
        while let i = stack.popLast() {
            for j in coupled[i] ?? (i..<i) where alive[j] && !reaches[j] {
                reaches[j] = true
                stack.append(j)
            }
            // Row i of A: the states i reads.
            let k = graph.blockOf[i], local = i - offsets[k]
            for (source, block) in graph.rowBlocks[k] {
                let first = offsets[source]
                for c in 0..<block.cols where alive[first + c] && !reaches[first + c] && graph.isPresent(block[local, c]) {
                    reaches[first + c] = true
                    stack.append(first + c)
                }
            }
        }
        // Column j of A, its diagonal entry aside: whether a live state reads j.
        var readByOthers = [Bool](repeating: false, count: n)
        for (index, block) in model.a.blocks {
            let rowFirst = offsets[index.row], colFirst = offsets[index.col]
            for c in 0..<block.cols where !readByOthers[colFirst + c] {
                for r in 0..<block.rows where rowFirst + r != colFirst + c && alive[rowFirst + r] && graph.isPresent(block[r, c]) {
                    readByOthers[colFirst + c] = true
                    break
                }
            }
        }
        reachesOutput = reaches
        isUnread = (0..<n).map { alive[$0] && !reaches[$0] && !readByOthers[$0] }
    }
}
