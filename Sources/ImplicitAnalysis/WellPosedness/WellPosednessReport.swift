import ImplicitModel

/// The result of `implicit lint`: a verdict on well-posedness of x = φ(Ax + Bu + b) and the
/// evidence behind it.
///
/// Structure first (docs/lint.md, "How the verdict is reached"): permuted by the strongly connected components of its block graph,
/// then of the entries inside each cyclic block component, A is block lower triangular and the
/// model is well-posed iff every diagonal component is. `components` holds one report per diagonal
/// component that is not a 1 × 1 zero; explicit blocks and acyclic states need no evidence beyond
/// the orders given here.
public struct WellPosednessReport: Codable, Sendable, Equatable {
    /// `illPosed` if any component is, else `undecided` if any is, else `wellPosed`.
    public var verdict: Verdict
    /// True when every component's verdict is exact, or the model is ill-posed (a witness is
    /// always exact), or acyclic.
    public var exact: Bool
    /// True when every component of the Picard iteration is proven contractive (acyclic parts are
    /// finite substitutions).
    public var picardContractive: Bool
    public var stateCount: Int
    public var blockCount: Int
    /// True when the block graph has no cycle: a feedforward model, well-posed by structure alone.
    public var acyclicByStructure: Bool
    /// The strongly connected components of the block graph, by block name, in evaluation order:
    /// permuted to this order, A is block lower triangular.
    public var blockOrder: [[String]]
    public var cyclicBlockComponents: [CyclicBlockComponentReport]
    public var components: [DiagonalComponentReport]

    public init(verdict: Verdict, exact: Bool, picardContractive: Bool, stateCount: Int, blockCount: Int,
                acyclicByStructure: Bool, blockOrder: [[String]],
                cyclicBlockComponents: [CyclicBlockComponentReport], components: [DiagonalComponentReport]) {
        self.verdict = verdict
        self.exact = exact
        self.picardContractive = picardContractive
        self.stateCount = stateCount
        self.blockCount = blockCount
        self.acyclicByStructure = acyclicByStructure
        self.blockOrder = blockOrder
        self.cyclicBlockComponents = cyclicBlockComponents
        self.components = components
    }
}
