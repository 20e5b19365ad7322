/// An implicit model: ŷ(u) = C x + D u + c, where the state x solves x = φ(A x + B u + b).
///
/// States come in named blocks (`states`), each with one activation; A, B and C are block-sparse
/// on that partition (B has one column block, the input; C one row block, the output), so a
/// converted feedforward network stores only its layers' weights.
public struct ImplicitModel: Sendable, Equatable {
    public var input: Port
    public var output: Port
    public var head: OutputHead
    public var states: [StateBlock]
    /// n × n on the state partition.
    public var a: BlockSparseMatrix
    /// n × p: row blocks are the state blocks, one column block.
    public var b: BlockSparseMatrix
    /// q × n: one row block, column blocks are the state blocks.
    public var c: BlockSparseMatrix
    /// q × p.
    public var d: Matrix
    /// b in x = φ(Ax + Bu + b), length n.
    public var biasX: [Double]
    /// c in ŷ = Cx + Du + c, length q.
    public var biasY: [Double]

    public init(input: Port, output: Port, head: OutputHead = .none, states: [StateBlock],
                a: BlockSparseMatrix, b: BlockSparseMatrix, c: BlockSparseMatrix, d: Matrix,
                biasX: [Double], biasY: [Double]) {
        self.input = input
        self.output = output
        self.head = head
        self.states = states
        self.a = a
        self.b = b
        self.c = c
        self.d = d
        self.biasX = biasX
        self.biasY = biasY
    }

    /// An empty model of the given ports (no states, D = 0, zero biases), to fill block by block.
    public init(input: Port, output: Port, head: OutputHead = .none, states: [StateBlock]) {
        let sizes = states.map(\.size)
        let n = sizes.reduce(0, +)
        self.init(input: input, output: output, head: head, states: states,
                  a: BlockSparseMatrix(rowBlockSizes: sizes, colBlockSizes: sizes),
                  b: BlockSparseMatrix(rowBlockSizes: sizes, colBlockSizes: [input.size]),
                  c: BlockSparseMatrix(rowBlockSizes: [output.size], colBlockSizes: sizes),
                  d: Matrix(rows: output.size, cols: input.size),
                  biasX: [Double](repeating: 0, count: n),
                  biasY: [Double](repeating: 0, count: output.size))
    }

    /// n, the number of states.
    public var stateCount: Int { biasX.count }
    public var stateSizes: [Int] { states.map(\.size) }
    /// Offsets of each block's first state in x.
    public var stateOffsets: [Int] { BlockSparseMatrix.offsets(stateSizes) }

    /// The activation of every state, in state order; nil when a block has a block map
    /// (softmax, layer normalisation), whose states have no activation of their own.
    public var stateActivations: [Activation]? {
        var result: [Activation] = []
        result.reserveCapacity(stateCount)
        for block in states {
            guard let phis = block.activations else { return nil }
            result += phis
        }
        return result
    }

    /// The per-state activations of the blocks `blocks` (indices into `states`), in that order;
    /// nil when one of them applies a block map.
    public func activations(ofBlocks blocks: [Int]) -> [Activation]? {
        var result: [Activation] = []
        for k in blocks {
            guard let phis = states[k].activations else { return nil }
            result += phis
        }
        return result
    }

    /// The activation of every state, in state order, nil for the states of a block map (which
    /// depend on their whole block, not on their own pre-activation alone).
    public var elementwiseActivations: [Activation?] {
        states.flatMap { block in block.activations ?? [Activation?](repeating: nil, count: block.size) }
    }

    /// True when some block applies a block map.
    public var hasBlockMaps: Bool { states.contains { $0.map.isBlockMap } }

    /// The block index of the state block with the given name.
    public func blockIndex(named name: String) -> Int? { states.firstIndex { $0.name == name } }

    /// The slice of a state vector belonging to block `k`.
    public func stateRange(ofBlock k: Int) -> Range<Int> {
        let start = states[..<k].reduce(0) { $0 + $1.size }
        return start..<(start + states[k].size)
    }

    /// Stored weights: present blocks of A, B, C, plus D and the biases.
    public var storedParameterCount: Int {
        a.storedCount + b.storedCount + c.storedCount + d.count + biasX.count + biasY.count
    }
}
