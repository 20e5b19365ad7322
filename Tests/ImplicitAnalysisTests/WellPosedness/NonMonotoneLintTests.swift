import Testing
import Linalg
import ImplicitModel
import ImplicitAnalysis
import ImplicitTestSupport

/// Lint on cyclic blocks of the non-monotone activations (GELU, tanh-GELU, SiLU, Swish, Mish,
/// Hardswish, PReLU with a negative slope): a certificate only where a brute-force search finds
/// no second fixed point, never "well-posed" where it finds two.
///
/// The search: for one state, every sign change of g(x) = x − φ(ax + b) on a grid is a fixed
/// point (g is continuous), so two sign changes prove two; for two states, Newton's method on
/// g(x) = x − φ(Ax + b) from a grid of starts, each root kept once its residual is below
/// `rootResidual`. A search that finds one root proves nothing, so the test also asks that the
/// random blocks give both outcomes: certified ones and ones with two fixed points.
@Suite struct NonMonotoneLintTests {
    static let activations: [Activation] = [.gelu, .geluTanh, .silu, .swish(beta: 2), .mish, .hardSwish, .leakyReLU(alpha: -0.5)]
    static let offsets: [Double] = stride(from: -4.0, through: 4.0, by: 0.25).map { $0 }
    static let gridStep = 1.0 / 64
    static let gridRadius = 40.0
    static let rootResidual = 1e-10
    static let distinctRoots = 1e-6

    /// Sign changes of x − φ(ax + b) over the grid: a lower bound on the number of fixed points
    /// (beyond |ax + b| > 10 each φ here is linear to within 1e-4, so for the slopes and offsets
    /// tested g is linear with a nonzero slope there and every fixed point lies inside
    /// `gridRadius`).
    static func fixedPointCount(a: Double, b: Double, _ phi: Activation) -> Int {
        var count = 0
        var x = -gridRadius
        var previous = x - phi(a * x + b)
        while x < gridRadius {
            x += gridStep
            let g = x - phi(a * x + b)
            // Zeros are stepped over, so a root on a grid point counts once, at the sign change.
            guard g != 0 else { continue }
            if (g > 0) != (previous > 0) { count += 1 }
            previous = g
        }
        return count
    }

    /// Distinct verified roots of x − φ(Ax + b) for a 2 × 2 A, by Newton from a grid of starts.
    static func fixedPoints(_ a: Matrix, _ b: [Double], _ phi: Activation) -> [[Double]] {
        var roots: [[Double]] = []
        for s in stride(from: -8.0, through: 8.0, by: 2) {
            for t in stride(from: -8.0, through: 8.0, by: 2) {
                var x = [s, t]
                for _ in 0..<60 {
                    let z = [a[0, 0] * x[0] + a[0, 1] * x[1] + b[0], a[1, 0] * x[0] + a[1, 1] * x[1] + b[1]]
                    let g = [x[0] - phi(z[0]), x[1] - phi(z[1])]
                    let d = [phi.derivative(z[0]), phi.derivative(z[1])]
                    // J = I − diag(φ'(z)) A, solved by Cramer's rule.
                    let j00 = 1 - d[0] * a[0, 0], j01 = -d[0] * a[0, 1], j10 = -d[1] * a[1, 0], j11 = 1 - d[1] * a[1, 1]
                    let det = j00 * j11 - j01 * j10
                    guard abs(det) > 1e-14 else { break }
                    x = [x[0] - (j11 * g[0] - j01 * g[1]) / det, x[1] - (j00 * g[1] - j10 * g[0]) / det]
                }
                let z = [a[0, 0] * x[0] + a[0, 1] * x[1] + b[0], a[1, 0] * x[0] + a[1, 1] * x[1] + b[1]]
                let residual = max(abs(x[0] - phi(z[0])), abs(x[1] - phi(z[1])))
                guard residual.isFinite, residual < rootResidual else { continue }
                if !roots.contains(where: { max(abs($0[0] - x[0]), abs($0[1] - x[1])) < distinctRoots }) { roots.append(x) }
            }
        }
        return roots
    }

    func report(_ a: Matrix, _ phi: Activation) throws -> WellPosednessReport {
        let n = a.rows
        let report = try WellPosednessAnalysis().analyze(ActivationTests.model(a, [Activation](repeating: phi, count: n)))
        let failures = EvidenceCheck.failures(report, a: a, activations: [Activation](repeating: phi, count: n))
        #expect(failures.isEmpty, "\(failures)")
        return report
    }

    @Test func oneStateNeverCertifiedWithTwoFixedPoints() throws {
        var certified = 0, twoFound = 0
        for phi in Self.activations {
            for a in [-3.0, -1.5, -0.8, -0.3, 0.3, 0.6, 0.85, 1.2, 2, 4] {
                let verdict = try report(Matrix([[a]]), phi).verdict
                let most = Self.offsets.map { Self.fixedPointCount(a: a, b: $0, phi) }.max() ?? 0
                if most >= 2 {
                    twoFound += 1
                    #expect(verdict != .wellPosed, "\(phi), a = \(a): certified, yet \(most) fixed points at some b")
                }
                if verdict == .wellPosed { certified += 1 }
            }
        }
        #expect(certified >= 20 && twoFound >= 10, "certified \(certified), two fixed points \(twoFound)")
    }

    @Test func twoStatesNeverCertifiedWithTwoFixedPoints() throws {
        var generator = SeededGenerator(seed: 1313)
        var certified = 0, twoFound = 0
        for trial in 0..<140 {
            let phi = Self.activations[trial % Self.activations.count]
            let a = generator.matrix(2, 2, scale: [0.4, 0.9, 2.0][trial % 3])
            let verdict = try report(a, phi).verdict
            var most = 0
            for _ in 0..<6 { most = max(most, Self.fixedPoints(a, [3 * generator.normal(), 3 * generator.normal()], phi).count) }
            if most >= 2 {
                twoFound += 1
                #expect(verdict != .wellPosed, "\(phi), A = \(a): certified, yet \(most) fixed points")
            }
            if verdict == .wellPosed { certified += 1 }
        }
        #expect(certified >= 20 && twoFound >= 10, "certified \(certified), two fixed points \(twoFound)")
    }
}
