import ImplicitModel

/// One cyclic component of the block graph, refined into the strongly connected components of
/// its entries.
///
/// Ordering the component's states as `stateOrder` makes A[S,S] block lower triangular: each
/// diagonal component is a contiguous run, and every other state (a 1 × 1 block with aᵢᵢ = 0) is
/// an explicit substitution. This permutation is the structural certificate: a third party checks
/// that no entry of A above those diagonal runs is nonzero.
public struct CyclicBlockComponentReport: Codable, Sendable, Equatable {
    public var blocks: [String]
    public var size: Int
    /// Model state indices in dependency-first order.
    public var stateOrder: [Int]
    /// States that form 1 × 1 components with a zero diagonal entry (well-posed by structure).
    public var acyclicStates: Int
    /// Indices into `WellPosednessReport.components`.
    public var components: [Int]

    public init(blocks: [String], size: Int, stateOrder: [Int], acyclicStates: Int, components: [Int]) {
        self.blocks = blocks
        self.size = size
        self.stateOrder = stateOrder
        self.acyclicStates = acyclicStates
        self.components = components
    }
}
