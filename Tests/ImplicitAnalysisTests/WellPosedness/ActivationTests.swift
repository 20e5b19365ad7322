import Testing
import Linalg
import ImplicitModel
import ImplicitAnalysis
import ImplicitTestSupport

/// Verdicts for activations other than ReLU: identity (exact), leaky ReLU and mixtures (exact via
/// the LCP), tanh and sigmoid (exact via the slope box, `SlopeBoxTests`).
@Suite struct ActivationTests {
    let analysis = WellPosednessAnalysis()

    /// One block per state, so that activations can differ state by state.
    static func model(_ a: Matrix, _ activations: [Activation]) throws -> ImplicitModel {
        let n = a.rows
        var model = ImplicitModel.Builder(input: Port(name: "u", size: 1), output: Port(name: "y", size: 1),
                                          states: (0..<n).map { StateBlock(name: "s\($0)", size: 1, activation: activations[$0]) })
        for j in 0..<n { for i in 0..<n { model.a[i, j] = Matrix([[a[i, j]]]) } }
        return try model.build()
    }

    func checked(_ a: Matrix, _ activations: [Activation]) throws -> WellPosednessReport {
        let report = try analysis.analyze(Self.model(a, activations))
        let failures = EvidenceCheck.failures(report, a: a, activations: activations)
        #expect(failures.isEmpty, "\(failures)")
        return report
    }

    @Test func identityIsExactThroughNonsingularity() throws {
        let regular = try checked(Matrix([[0.5, 2], [-1, 3]]), [.identity, .identity])
        #expect(regular.verdict == .wellPosed && regular.exact)
        #expect(regular.components.first?.certificate?.kind == .nonsingular)
        // I − A = [[0.5, −0.5], [−0.5, 0.5]] is singular: x and x + (1, 1) solve x = Ax + 0.
        let singular = try checked(Matrix([[0.5, 0.5], [0.5, 0.5]]), [.identity, .identity])
        #expect(singular.verdict == .illPosed && singular.exact)
        #expect(singular.components.first?.witness?.reason == .singular)
    }

    /// I − A = [[1, 3], [−1, 1]] is a P-matrix (minors 1, 1, 4) but neither an H-matrix nor
    /// positive definite, and every norm of A is ≥ √3: only the exact test certifies it.
    @Test func onlyTheExactTestCertifiesSomePMatrices() throws {
        let a = Matrix([[0, -3], [1, 0]])
        let relu = try checked(a, [.relu, .relu])
        #expect(relu.verdict == .wellPosed && relu.exact)
        #expect(relu.components.first?.certificate?.kind == .principalMinors)
        let tanh = try checked(a, [.tanh, .tanh])
        #expect(tanh.verdict == .wellPosed && tanh.exact)
        #expect(tanh.components.first?.certificate?.kind == .principalMinors)
    }

    @Test func smoothActivationsAreDecidedByTheSlopeBox() throws {
        let tanhWell = try checked(-2 * Matrix.identity(1), [.tanh])
        #expect(tanhWell.verdict == .wellPosed && tanhWell.exact && !tanhWell.picardContractive)
        // x = tanh(1.5x + b) has three solutions at b = 0: the vertex 1 − 1.5 < 0 proves it.
        let tanhThree = try checked(Matrix([[1.5]]), [.tanh])
        #expect(tanhThree.verdict == .illPosed && tanhThree.exact)
        #expect(tanhThree.components.first?.witness?.reason == .slopeBoxVertex)
        // Sigmoid has slope ≤ 1/4: x = σ(3x + b) is certified through I − A/4.
        let sigmoid = try checked(Matrix([[3]]), [.sigmoid])
        #expect(sigmoid.verdict == .wellPosed && sigmoid.picardContractive)
        #expect(sigmoid.components.first?.lipschitz == [0.25])
        #expect(sigmoid.components.first?.certificate?.matrix == .lipschitzScaled)
        #expect(try checked(Matrix([[5]]), [.sigmoid]).verdict == .illPosed)
    }

    /// x = leaky(ax + b), slope α below zero: well-posed iff a < 1 or a > 1/α (both pieces of
    /// z ↦ z − a·leaky(z) have slopes of one sign).
    @Test func scalarLeakyReLU() throws {
        let leaky = Activation.leakyReLU(alpha: 0.1)
        #expect(try checked(Matrix([[0.9]]), [leaky]).verdict == .wellPosed)
        let steep = try checked(Matrix([[20]]), [leaky])
        #expect(steep.verdict == .wellPosed && steep.exact)
        for a in [1.0, 5, 10] {
            let ill = try checked(Matrix([[a]]), [leaky])
            #expect(ill.verdict == .illPosed, "a = \(a)")
        }
    }

    /// Random components mixing ReLU, leaky ReLU (slopes 0.2 and 0.6) and identity states: the
    /// verdict must equal coherent orientation of z ↦ z − Aφ(z), computed from all 2ⁿ Jacobians.
    @Test func piecewiseLinearMixturesMatchCoherentOrientation() throws {
        var generator = SeededGenerator(seed: 99)
        let palette: [Activation] = [.relu, .leakyReLU(alpha: 0.2), .leakyReLU(alpha: 0.6), .identity]
        var counts: [Verdict: Int] = [:], contradictions = 0
        for trial in 0..<400 {
            let n = 1 + trial % 6
            let a = generator.matrix(n, n, scale: [0.6, 1.0, 1.6][trial % 3] / Double(n).squareRoot())
            let activations = (0..<n).map { _ in palette[generator.int(0...3)] }
            let lows = activations.map { activation -> Double in
                if case .leakyReLU(let alpha) = activation { return alpha }
                return activation == .identity ? 1 : 0
            }
            let report = try checked(a, activations)
            counts[report.verdict, default: 0] += 1
            let truth = BruteForce.isCoherentlyOriented(a, lowSlopes: lows)
            if report.verdict == .undecided || (report.verdict == .wellPosed) != truth { contradictions += 1 }
            #expect(report.verdict == .undecided || report.exact)
        }
        #expect(contradictions == 0, "\(counts)")
        #expect(counts[.wellPosed, default: 0] > 80 && counts[.illPosed, default: 0] > 80, "\(counts)")
    }

    /// Slopes in [0, L]: a component is certified iff I − LA is a P-matrix, declared ill-posed only
    /// when it is not (the vertex determinants are its principal minors).
    @Test func smoothVerdictsAreSound() throws {
        var generator = SeededGenerator(seed: 5)
        var certified = 0
        for trial in 0..<300 {
            let n = 1 + trial % 6
            let activation: Activation = trial % 2 == 0 ? .tanh : .sigmoid
            let scale = activation == .sigmoid ? 4.0 : 1.0
            let a = generator.matrix(n, n, scale: scale * [0.6, 1.2][trial % 4 / 2] / Double(n).squareRoot())
            let report = try checked(a, [Activation](repeating: activation, count: n))
            let isP = BruteForce.isPMatrix(BruteForce.complement((1 / scale) * a))
            #expect(report.verdict != .illPosed || !isP)
            if report.verdict == .wellPosed {
                certified += 1
                #expect(BruteForce.isPMatrix(BruteForce.complement((1 / scale) * a)))
            }
        }
        #expect(certified > 50)
    }
}
