import ImplicitModel

/// Decides one diagonal component x = φ(A x + b), A = A[S, S], and gathers its evidence.
///
/// Dispatch by activation: identity only (exact: I − A nonsingular); piecewise linear (ReLU,
/// leaky ReLU, identity: exact through the LCP); anything else continuous (exact up to a zero
/// vertex determinant: the slope box of `ComponentAnalyzer+SlopeBox.swift`); a discontinuous
/// activation is undecided. Picard contractivity is judged on LA, L = diag(Lipschitz constants),
/// whatever the verdict.
struct ComponentAnalyzer {
    struct Result {
        var verdict: Verdict
        var exact: Bool
        var criterion: String
        var certificate: WellPosednessCertificate?
        var witness: IllPosednessWitness?
        var picard: PicardReport
        var lipschitz: [Double]?
        var lowSlopes: [Double]?
        var slopeLower: [Double]?
        var slopeUpper: [Double]?
        var notes: [String] = []
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
            var result = result(.undecided(notes: ["\(jump) is discontinuous in a cyclic component; no slope-based criterion applies"]),
                                criterion: ComponentAnalyzer.contractionCriterion, exact: false)
            result.picard = PicardReport(contractive: false, norm: .inf, value: .infinity)
            return result
        }
        let l = lipschitz
        var scaled = a
        for j in 0..<a.cols { for i in 0..<a.rows { scaled[i, j] *= l[i] } }
        let boundsL = MatrixBounds(scaled, options: options)
        let matrixL: TestedMatrix = l.allSatisfy { $0 == 1 } ? .a : .lipschitzScaled
        var result: Result
        if activations.allSatisfy({ $0 == .identity }) {
            result = identity()
        } else if activations.allSatisfy(\.isPiecewiseLinear) {
            result = piecewiseLinear(boundsL: boundsL, matrixL: matrixL)
        } else {
            result = slopeBox(boundsL: boundsL, matrixL: matrixL)
        }
        result.picard = boundsL.picardReport()
        if matrixL == .lipschitzScaled { result.lipschitz = l }
        return result
    }

    /// An undecided or proven result, before the Picard report is attached.
    func result(_ outcome: LCPAnalysis.Outcome, criterion: String, exact: Bool) -> Result {
        let placeholder = PicardReport(contractive: false, norm: .inf, value: 0)
        switch outcome {
        case .certified(let certificate):
            return Result(verdict: .wellPosed, exact: exact, criterion: criterion, certificate: certificate, picard: placeholder)
        case .witness(let witness):
            return Result(verdict: .illPosed, exact: true, criterion: criterion, witness: witness, picard: placeholder)
        case .undecided(let notes):
            return Result(verdict: .undecided, exact: false, criterion: criterion, picard: placeholder, notes: notes)
        }
    }
}
