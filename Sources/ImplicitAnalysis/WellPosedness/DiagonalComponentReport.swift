import ImplicitModel

/// The verdict on one diagonal component: a strongly connected set of states (inside a cyclic
/// block component) whose x = φ(A[S,S] x + b) must be well-posed for the model to be.
public struct DiagonalComponentReport: Codable, Sendable, Equatable {
    /// The state blocks the component's states belong to.
    public var blocks: [String]
    /// Model state indices S, ascending (the model's original order).
    public var states: [Int]
    /// `block[offset]` for each state, e.g. `h1[3]`.
    public var stateNames: [String]
    public var size: Int
    /// The distinct activation names among the states, in state order.
    public var activations: [String]
    public var verdict: Verdict
    /// True when the verdict follows from a criterion that is necessary and sufficient for these
    /// activations (piecewise linear: the LCP's P-matrix condition; identity: nonsingularity;
    /// any other continuous activation: the sign of det(I − A·D) over the slope box's vertices).
    /// False when the component is undecided.
    public var exact: Bool
    /// The criterion applied, in words.
    public var criterion: String
    /// Present exactly when `verdict` is `wellPosed`.
    public var certificate: WellPosednessCertificate?
    /// Present exactly when `verdict` is `illPosed`.
    public var witness: IllPosednessWitness?
    public var picard: PicardReport
    /// Lipschitz constants Lᵢ per state, when some differ from 1 (sigmoid: 1/4).
    public var lipschitz: [Double]?
    /// Slopes below zero Dᵢ per state (0 ReLU, α leaky ReLU, 1 identity), when the component is
    /// piecewise linear and not pure ReLU.
    public var lowSlopes: [Double]?
    /// The slope box Πᵢ[σ₋ᵢ, σ₊ᵢ] per state, from the activation table, when the component has a
    /// state that is not piecewise linear (the slope-box criterion decides it).
    public var slopeLower: [Double]?
    public var slopeUpper: [Double]?
    /// Why a component is undecided, or which tests failed on the way.
    public var notes: [String]

    public init(blocks: [String], states: [Int], stateNames: [String], activations: [String],
                verdict: Verdict, exact: Bool, criterion: String,
                certificate: WellPosednessCertificate? = nil, witness: IllPosednessWitness? = nil,
                picard: PicardReport, lipschitz: [Double]? = nil, lowSlopes: [Double]? = nil,
                slopeLower: [Double]? = nil, slopeUpper: [Double]? = nil, notes: [String] = []) {
        self.blocks = blocks
        self.states = states
        self.stateNames = stateNames
        self.size = states.count
        self.activations = activations
        self.verdict = verdict
        self.exact = exact
        self.criterion = criterion
        self.certificate = certificate
        self.witness = witness
        self.picard = picard
        self.lipschitz = lipschitz
        self.lowSlopes = lowSlopes
        self.slopeLower = slopeLower
        self.slopeUpper = slopeUpper
        self.notes = notes
    }
}
