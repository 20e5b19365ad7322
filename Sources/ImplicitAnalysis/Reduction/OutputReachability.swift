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

    init(graph: StateGraph, alive: [Bool]) {
        let n = graph.stateCount
        var reaches = [Bool](repeating: false, count: n)
        var stack: [Int] = []
        for i in 0..<n where alive[i] {
            var read = false
            graph.forEachOutputWeight(of: i) { _, w in if graph.isPresent(w) { read = true } }
            if read { reaches[i] = true; stack.append(i) }
        }
        // State i of a block map (softmax, layer normalisation) reads every pre-activation of its
        // block: reaching it reaches them all, so such blocks are kept or dropped whole.
        let model = graph.model
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
            graph.forEachSource(of: i) { j, w in
                guard alive[j], !reaches[j], graph.isPresent(w) else { return }
                reaches[j] = true
                stack.append(j)
            }
        }
        var readByOthers = [Bool](repeating: false, count: n)
        for i in 0..<n where alive[i] {
            graph.forEachSource(of: i) { j, w in if j != i, graph.isPresent(w) { readByOthers[j] = true } }
        }
        reachesOutput = reaches
        isUnread = (0..<n).map { alive[$0] && !reaches[$0] && !readByOthers[$0] }
    }
}
