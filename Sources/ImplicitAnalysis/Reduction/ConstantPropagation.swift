import ImplicitModel

/// Finds the constant states and folds their values into the biases of the states and outputs
/// that read them.
///
/// A state whose rows of A and B are zero is x_i = φ_i(b_i): a constant. Folding it adds
/// A[r, i] · x_i to b_r for each reader r and C[·, i] · x_i to c, and removes it; a reader whose
/// remaining row then becomes zero is constant in turn, so this is a worklist, each state
/// processed once, in O(stored entries of A). `seeds` are states known constant by other means
/// (dead ReLU units, value 0). Folding is exact; only entries at or below the tolerance, which
/// count as zero, are lost.
struct ConstantPropagation {
    /// The constant states in the order found, with their values.
    private(set) var constants: [(state: Int, value: Double)]
    private(set) var isConstant: [Bool]
    private(set) var biasX: [Double]
    private(set) var biasY: [Double]

    init(graph: StateGraph, seeds: [(state: Int, value: Double)]) {
        let n = graph.stateCount
        let model = graph.model
        var isConstant = [Bool](repeating: false, count: n)
        var biasX = model.biasX, biasY = model.biasY
        var constants: [(state: Int, value: Double)] = []
        var remainingSources = graph.sourceCounts()
        let readsInput = graph.readsInput()
        var queued = [Bool](repeating: false, count: n)
        var seedValue = [Double?](repeating: nil, count: n)
        var queue: [Int] = []
        for (state, value) in seeds where !queued[state] {
            seedValue[state] = value
            queued[state] = true
            queue.append(state)
        }
        // A state of a block map (softmax, layer normalisation) depends on its whole block, so it
        // is never folded as a constant on its own: reductions keep such blocks whole.
        let activations = model.elementwiseActivations
        for i in 0..<n where !queued[i] && remainingSources[i] == 0 && !readsInput[i] && activations[i] != nil {
            queued[i] = true
            queue.append(i)
        }
        var head = 0
        while head < queue.count {
            let i = queue[head]
            head += 1
            // Every source above the tolerance has been folded into biasX[i] by now.
            guard let value = seedValue[i] ?? activations[i].map({ $0(biasX[i]) }) else { continue }
            isConstant[i] = true
            constants.append((i, value))
            graph.forEachReader(of: i) { reader, w in
                guard reader != i, !isConstant[reader] else { return }
                biasX[reader] += w * value
                guard graph.isPresent(w) else { return }
                remainingSources[reader] -= 1
                if remainingSources[reader] == 0, !readsInput[reader], !queued[reader], activations[reader] != nil {
                    queued[reader] = true
                    queue.append(reader)
                }
            }
            graph.forEachOutputWeight(of: i) { q, w in biasY[q] += w * value }
        }
        self.constants = constants
        self.isConstant = isConstant
        self.biasX = biasX
        self.biasY = biasY
    }
}
