import Testing
import Linalg
import ImplicitModel
import ImplicitAnalysis
import ImplicitTestSupport

/// The exact test at its size limit, and the bounded search beyond it.
///
/// Tridiagonal I − A with off-diagonal products p = m_{i,i+1} m_{i+1,i}: every principal
/// submatrix is a direct sum of contiguous runs, whose determinants follow the continuant
/// D_k = D_{k−1} − p D_{k−2}. With p = −3 every D_k is positive (a P-matrix) while the comparison
/// matrix has D_2 = 1 − 3 < 0 (not an H-matrix), the symmetric part is indefinite and every norm of
/// A exceeds 1: only the exact test can certify it. With p = 0.3 every 2 × 2 minor is 0.7 > 0 but
/// D_7 < 0.
@Suite struct ExactLimitTests {
    static func tridiagonal(_ n: Int, upper: Double, lower: Double) -> Matrix {
        var a = Matrix(rows: n, cols: n)
        for i in 0..<(n - 1) { a[i, i + 1] = -upper; a[i + 1, i] = -lower }
        return a
    }

    func check(_ a: Matrix, _ report: WellPosednessReport) {
        let failures = EvidenceCheck.failures(report, a: a, activations: [Activation](repeating: .relu, count: a.rows))
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func exactTestCertifiesAtTheLimit() throws {
        let n = WellPosednessOptions().exactSizeLimit
        #expect(n >= 20)
        let a = Self.tridiagonal(n, upper: 3, lower: -1)
        let report = try WellPosednessAnalysis().analyze(matrix: a, activation: .relu)
        #expect(report.verdict == .wellPosed && report.exact)
        let certificate = try #require(report.components.first?.certificate)
        #expect(certificate.kind == .principalMinors)
        #expect(certificate.pivotsChecked == (1 << n) - 1)
        #expect((certificate.smallestMinor ?? 0) > 0)
        // The brute-force check of 2²⁰ minors is too slow for the suite; check a 12-state version.
        let small = Self.tridiagonal(12, upper: 3, lower: -1)
        check(small, try WellPosednessAnalysis().analyze(matrix: small, activation: .relu))
    }

    @Test func beyondTheExactLimitAnIllPosedReLUBlockGetsASearchWitnessAndAPMatrixIsUndecidedWithTheReason() throws {
        let n = WellPosednessOptions().exactSizeLimit + 1
        let pMatrix = Self.tridiagonal(n, upper: 3, lower: -1)
        let unknown = try WellPosednessAnalysis().analyze(matrix: pMatrix, activation: .relu)
        #expect(unknown.verdict == .undecided && !unknown.exact)
        #expect(unknown.components.first?.notes.contains { $0.contains("exceeds the exact limit") } == true)

        let root = 0.3.squareRoot()
        let ill = Self.tridiagonal(n, upper: root, lower: root)
        let report = try WellPosednessAnalysis().analyze(matrix: ill, activation: .relu)
        #expect(report.verdict == .illPosed)
        let witness = try #require(report.components.first?.witness)
        #expect(witness.reason == .search)
        check(ill, report)
        #expect((witness.subset?.count ?? 0) >= 7)
    }

    /// A symmetric A = Q diag(1.2, 1.1, smaller) Qᵀ has two real eigenvalues above 1, so
    /// det(I − A) > 0 and I − A is still not a P-matrix; with the subset search switched off the
    /// eigenvector of 1.2 gives the witness: xᵢ((I − A)x)ᵢ = −0.2 xᵢ².
    @Test func realEigenvaluesAboveOneGiveWitnesses() throws {
        let n = 30
        var generator = SeededGenerator(seed: 31)
        let q = try SingularValueDecomposition(generator.matrix(n, n)).u
        var d = Matrix(rows: n, cols: n)
        for i in 0..<n { d[i, i] = i == 0 ? 1.2 : i == 1 ? 1.1 : generator.uniform(-0.9...0.9) }
        let a = q * d * q.transposed()
        var options = WellPosednessOptions()
        options.greedyStarts = 0
        options.searchSubsets = 0
        let report = try WellPosednessAnalysis(options: options).analyze(matrix: a, activation: .relu)
        #expect(report.verdict == .illPosed)
        let witness = try #require(report.components.first?.witness)
        #expect(witness.reason == .realEigenvalue)
        #expect(abs((witness.eigenvalue ?? 0) - 1.2) < 1e-9)
        check(a, report)
    }
}
