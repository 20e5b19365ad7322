/// An implicit model: ŷ(u) = C x + D u + c, where the state x solves x = φ(A x + B u + b).
///
/// States come in named blocks (`states`), each with one activation; A, B and C are block-sparse
/// on that partition (B has one column block, the input; C one row block, the output), so a
/// converted feedforward network stores only its layers' weights.
///
/// A model is valid by construction (sizes agree with the state partition, every value is
/// finite, names are unique): it is made by the throwing initializer or by `Builder.build()`, which
/// validate once, and its parts cannot be changed afterwards; a changed model is a new one, built
/// from `Builder(model)`.
public struct ImplicitModel: Sendable, Equatable {
    public private(set) var input: Port
    public private(set) var output: Port
    public private(set) var head: OutputHead
    public private(set) var states: [StateBlock]
    /// n × n on the state partition.
    public private(set) var a: BlockSparseMatrix
    /// n × p: row blocks are the state blocks, one column block.
    public private(set) var b: BlockSparseMatrix
    /// q × n: one row block, column blocks are the state blocks.
    public private(set) var c: BlockSparseMatrix
    /// q × p.
    public private(set) var d: Matrix
    /// b in x = φ(Ax + Bu + b), length n.
    public private(set) var biasX: [Double]
    /// c in ŷ = Cx + Du + c, length q.
    public private(set) var biasY: [Double]

    /// A model whose parts have passed `Builder.validate()`: the only way to make one, so every
    /// `ImplicitModel` is valid and nothing downstream checks again.
    init(validated parts: Builder) {
        self.input = parts.input
        self.output = parts.output
        self.head = parts.head
        self.states = parts.states
        self.a = parts.a
        self.b = parts.b
        self.c = parts.c
        self.d = parts.d
        self.biasX = parts.biasX
        self.biasY = parts.biasY
    }

    /// The model with these parts.
    /// - Throws: `ModelError` naming the part at fault (`Builder.validate()`).
    public init(input: Port, output: Port, head: OutputHead = .none, states: [StateBlock],
                a: BlockSparseMatrix, b: BlockSparseMatrix, c: BlockSparseMatrix, d: Matrix,
                biasX: [Double], biasY: [Double]) throws {
        self = try Builder(input: input, output: output, head: head, states: states,
                           a: a, b: b, c: c, d: d, biasX: biasX, biasY: biasY).build()
    }

    /// The same model with another output head (the head acts after ŷ; every invariant holds).
    public func withHead(_ head: OutputHead) -> ImplicitModel {
        var model = self
        model.head = head
        return model
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
