import ImplicitModel

/// The verdict on one diagonal component: a strongly connected set of states (inside a cyclic
/// block component) whose x = φ(A[S,S] x + b) must be well-posed for the model to be.
///
/// The verdict and its evidence are one value, `finding`: a certificate exactly when well-posed,
/// a witness exactly when ill-posed. The JSON form keeps them as the keys `verdict`, `exact`,
/// `certificate` and `witness` (`DiagonalComponentReport+Codable.swift`, docs/lint.md).
public struct DiagonalComponentReport: Sendable, Equatable {
    /// What the analysis proved about the component, with the evidence that proves it.
    public enum Finding: Sendable, Equatable {
        /// Proven by a certificate. `exact` when the criterion applied is necessary and sufficient
        /// for these activations (piecewise linear: the LCP's P-matrix condition; identity:
        /// nonsingularity; any other continuous activation: the sign of det(I − A·D) over the
        /// slope box's vertices); false when only a sufficient condition (a contraction of block
        /// maps) was available.
        case wellPosed(WellPosednessCertificate, exact: Bool)
        /// Proven by a verified witness: a b with two distinct solutions (always exact).
        case illPosed(IllPosednessWitness)
        /// Neither a certificate nor a witness was found; `notes` say why.
        case undecided
    }

    /// The state blocks the component's states belong to.
    public var blocks: [String]
    /// Model state indices S, ascending (the model's original order).
    public var states: [Int]
    /// `block[offset]` for each state, e.g. `h1[3]`.
    public var stateNames: [String]
    /// The distinct activation names among the states, in state order.
    public var activations: [String]
    public var finding: Finding
    /// The criterion applied, in words.
    public var criterion: String
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
                finding: Finding, criterion: String, picard: PicardReport, lipschitz: [Double]? = nil,
                lowSlopes: [Double]? = nil, slopeLower: [Double]? = nil, slopeUpper: [Double]? = nil,
                notes: [String] = []) {
        self.blocks = blocks
        self.states = states
        self.stateNames = stateNames
        self.activations = activations
        self.finding = finding
        self.criterion = criterion
        self.picard = picard
        self.lipschitz = lipschitz
        self.lowSlopes = lowSlopes
        self.slopeLower = slopeLower
        self.slopeUpper = slopeUpper
        self.notes = notes
    }

    public var size: Int { states.count }

    public var verdict: Verdict {
        switch finding {
        case .wellPosed: return .wellPosed
        case .illPosed: return .illPosed
        case .undecided: return .undecided
        }
    }

    /// True when the verdict follows from a criterion that is necessary and sufficient for these
    /// activations (see `Finding.wellPosed`); a witness is always exact, an undecided component never.
    public var exact: Bool {
        switch finding {
        case .wellPosed(_, let exact): return exact
        case .illPosed: return true
        case .undecided: return false
        }
    }

    /// The certificate, when well-posed.
    public var certificate: WellPosednessCertificate? {
        if case .wellPosed(let certificate, _) = finding { return certificate }
        return nil
    }

    /// The witness, when ill-posed.
    public var witness: IllPosednessWitness? {
        if case .illPosed(let witness) = finding { return witness }
        return nil
    }
}
