import ImplicitModel

/// Decides one diagonal component x = φ(A x + b), A = A[S, S], and gathers its evidence.
///
/// Dispatch by activation: identity only (exact: I − A nonsingular); piecewise linear (ReLU,
/// leaky ReLU, identity: exact through the LCP); anything else continuous (exact up to a zero
/// vertex determinant: the slope box of `ComponentAnalyzer+SlopeBox.swift`); a discontinuous
/// activation is undecided. Picard contractivity is judged on LA, L = diag(Lipschitz constants),
/// whatever the verdict.
struct ComponentAnalyzer {
    /// What one criterion decided, with the slopes it used: the part of a component's report that
    /// the dispatch below builds before the Picard bound is known.
    struct Decision {
        var finding: DiagonalComponentReport.Finding
        var criterion: String
        var lowSlopes: [Double]?
        var slopeLower: [Double]?
        var slopeUpper: [Double]?
        var notes: [String] = []

        /// Adds the facts a transformed criterion knows about its certificate (the condition of
        /// the transform, the base corner of the slope box); witnesses and undecided stay as they are.
        mutating func annotateCertificate(_ annotate: (inout WellPosednessCertificate) -> Void) {
            guard case .wellPosed(var certificate, let exact) = finding else { return }
            annotate(&certificate)
            finding = .wellPosed(certificate, exact: exact)
        }
    }

    /// A decision with the Picard bound of the component and the Lipschitz constants it was
    /// computed with (nil when all are 1).
    struct Result {
        var decision: Decision
        var picard: PicardReport
        var lipschitz: [Double]?
    }

    static let reluCriterion = "x = max(0, Ax + b) is LCP(−b, I − A): well-posed iff I − A is a P-matrix"
    static let piecewiseLinearCriterion = "x = φ(Ax + b), φ = D z below 0 and z above, is LCP(−(I − AD)⁻¹b, (I − AD)⁻¹(I − A)): well-posed iff I − AD is nonsingular and (I − AD)⁻¹(I − A) is a P-matrix; I − A (or I − LA) a P-matrix suffices"
    static let identityCriterion = "x = Ax + b: well-posed iff I − A is nonsingular"
    static let contractionCriterion = "slopes of both signs: a contraction ‖LA‖ < 1 is sufficient (not necessary)"

    let a: Matrix
    let activations: [Activation]
    /// Model state indices of the component's states, ascending.
    let states: [Int]
    let options: WellPosednessOptions

    var lipschitz: [Double] { activations.map(\.lipschitzConstant) }
    /// Slope below zero for piecewise-linear activations (1 for the others).
    var lowSlopes: [Double] { activations.map { $0.kinkSlopes?.below ?? 1 } }

    func analyze() -> Result {
        if let jump = activations.first(where: { !$0.isContinuous }) {
            // A jump makes φ non-Lipschitz: neither a contraction nor a P-matrix argument applies.
            return Result(decision: decision(.undecided(notes: ["\(jump) is discontinuous in a cyclic component; no slope-based criterion applies"]),
                                             criterion: ComponentAnalyzer.contractionCriterion, exact: false),
                          picard: PicardReport(contractive: false, norm: .inf, value: .infinity), lipschitz: nil)
        }
        let l = lipschitz
        var scaled = a
        for j in 0..<a.cols { for i in 0..<a.rows { scaled[i, j] *= l[i] } }
        let boundsL = MatrixBounds(scaled, options: options)
        let matrixL: TestedMatrix = l.allSatisfy { $0 == 1 } ? .a : .lipschitzScaled
        let decided: Decision
        if activations.allSatisfy({ $0 == .identity }) {
            decided = identity()
        } else if activations.allSatisfy(\.isPiecewiseLinear) {
            decided = piecewiseLinear(boundsL: boundsL, matrixL: matrixL)
        } else {
            decided = slopeBox(boundsL: boundsL, matrixL: matrixL)
        }
        return Result(decision: decided, picard: boundsL.picardReport(), lipschitz: matrixL == .lipschitzScaled ? l : nil)
    }

    /// The decision an outcome of one criterion gives. `exact`: whether that criterion is
    /// necessary as well as sufficient, which matters only for a certificate (a witness is
    /// always exact, an undecided outcome never).
    func decision(_ outcome: LCPAnalysis.Outcome, criterion: String, exact: Bool) -> Decision {
        switch outcome {
        case .certified(let certificate):
            return Decision(finding: .wellPosed(certificate, exact: exact), criterion: criterion)
        case .witness(let witness):
            return Decision(finding: .illPosed(witness), criterion: criterion)
        case .undecided(let notes):
            return Decision(finding: .undecided, criterion: criterion, notes: notes)
        }
    }
}
