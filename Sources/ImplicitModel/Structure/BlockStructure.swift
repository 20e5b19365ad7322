/// The state blocks of a model grouped into the strongly connected components of A's block
/// graph (block k reads block j when A[k, j] is present), in evaluation order.
///
/// A component of one block with no diagonal block is explicit: x_k = φ(Σ A_kj x_j + …) is a
/// substitution. Any other component is cyclic and needs a fixed-point solve. After permuting
/// states to this order, A is block lower-triangular with the components on the diagonal.
public struct BlockStructure: Sendable {
    public struct Component: Sendable, Equatable {
        /// Block indices, ascending.
        public let blocks: [Int]
        /// True when the component has more than one block or a diagonal block A[k, k].
        public let isCyclic: Bool
    }

    public let components: [Component]

    public init(_ model: ImplicitModel) {
        var successors = [[Int]](repeating: [], count: model.states.count)
        for index in model.a.blocks.keys { successors[index.row].append(index.col) }
        for k in successors.indices { successors[k].sort() }
        let scc = StronglyConnectedComponents(successors: successors)
        components = scc.components.map { blocks in
            Component(blocks: blocks, isCyclic: blocks.count > 1 || model.a[blocks[0], blocks[0]] != nil)
        }
    }

    /// True when every component is explicit: the model is feedforward.
    public var isAcyclic: Bool { !components.contains { $0.isCyclic } }
}
