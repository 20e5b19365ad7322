import ImplicitModel

/// Decides one diagonal component x = φ(A x + b), A = A[S, S], and gathers its evidence.
///
/// Dispatch by activation: identity only (exact: I − A nonsingular); piecewise linear (ReLU,
/// leaky ReLU, identity: exact through the LCP); anything with tanh or sigmoid (sufficient: I − LA
/// a P-matrix when every slope is ≥ 0, a contraction otherwise). Picard contractivity is judged on
/// LA, L = diag(Lipschitz constants), whatever the verdict.
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
        var notes: [String] = []
    }

    static let reluCriterion = "x = max(0, Ax + b) is LCP(−b, I − A): well-posed iff I − A is a P-matrix"
    static let piecewiseLinearCriterion = "x = φ(Ax + b), φ = D z below 0 and z above, is LCP(−(I − AD)⁻¹b, (I − AD)⁻¹(I − A)): well-posed iff I − AD is nonsingular and (I − AD)⁻¹(I − A) is a P-matrix; I − A (or I − LA) a P-matrix suffices"
    static let identityCriterion = "x = Ax + b: well-posed iff I − A is nonsingular"
    static let monotoneCriterion = "slopes in [0, L]: I − LA a P-matrix is sufficient (not necessary)"
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
            result = smooth(boundsL: boundsL, matrixL: matrixL)
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

    /// tanh, sigmoid (possibly mixed with piecewise-linear states): sufficient conditions only.
    private func smooth(boundsL: MatrixBounds, matrixL: TestedMatrix) -> Result {
        let monotone = activations.allSatisfy(\.isMonotone)
        let criterion = monotone ? ComponentAnalyzer.monotoneCriterion : ComponentAnalyzer.contractionCriterion
        if let certificate = boundsL.sufficientCertificate(matrix: matrixL, contractionOnly: !monotone) {
            return result(.certified(certificate), criterion: criterion, exact: false)
        }
        guard monotone else {
            return result(.undecided(notes: ["no contraction norm of LA is below 1; slopes of both signs admit no P-matrix criterion"]),
                          criterion: criterion, exact: false)
        }
        let k = a.rows
        guard k <= options.exactSizeLimit else {
            return result(.undecided(notes: ["no sufficient condition holds and the component (\(k) states) exceeds the exact limit of \(options.exactSizeLimit)"]),
                          criterion: criterion, exact: false)
        }
        let m = Matrix.identity(k) - boundsL.m
        let threshold = options.pivotTolerance * Swift.max(1, m.normInf)
        let test = PMatrixTest(m, threshold: threshold)
        guard let failure = test.failure else {
            let certificate = WellPosednessCertificate(passed: test, matrix: matrixL, threshold: threshold, states: states)
            return result(.certified(certificate), criterion: criterion, exact: false)
        }
        return result(.undecided(notes: [
            "I − LA is not a P-matrix (pivot \(failure.pivot) on states \(failure.subset.map { states[$0] })); for tanh and sigmoid that does not prove ill-posedness, and no witness construction is known",
        ]), criterion: criterion, exact: false)
    }
}
