import Foundation
import Testing
import Linalg
import ImplicitModel
import ImplicitAnalysis
import ImplicitTestSupport

/// The textbook cases of well- and ill-posedness, each with its evidence checked independently.
@Suite struct ClassicCaseTests {
    let analysis = WellPosednessAnalysis()

    func report(_ a: Matrix) throws -> WellPosednessReport {
        let report = try analysis.analyze(matrix: a, activation: .relu)
        let failures = EvidenceCheck.failures(report, a: a, activations: [Activation](repeating: .relu, count: a.rows))
        #expect(failures.isEmpty, "\(failures)")
        return report
    }

    /// A = −2I: x = max(0, −2x + b) has the unique solution max(0, b/3), yet Picard
    /// x ← max(0, −2x + b) multiplies differences by 2 and cycles.
    @Test func minusTwoIdentityIsWellPosedButNotContractive() throws {
        for n in [1, 4] {
            let r = try report(-2 * Matrix.identity(n))
            #expect(r.verdict == .wellPosed && r.exact)
            #expect(!r.picardContractive)
            #expect(r.components.count == n)
            for component in r.components {
                #expect(component.certificate?.kind == .scalar)
                #expect(!component.picard.contractive && component.picard.value == 2)
            }
        }
        // Coupled: a dense block with −2 on the diagonal and small coupling is decided as one component.
        var a = -2 * Matrix.identity(5)
        for j in 0..<5 { for i in 0..<5 where i != j { a[i, j] = 0.1 * Double((i + 2 * j) % 3 - 1) } }
        let r = try report(a)
        #expect(r.verdict == .wellPosed && !r.picardContractive)
        #expect(r.components.count == 1)
    }

    /// Upper triangular: the entry-level components are single states, whatever the size of the
    /// entries above the diagonal; a diagonal entry of 1.3 makes that state's scalar equation
    /// x = max(0, 1.3x + b) have two solutions for b < 0.
    @Test func upperTriangularWithLargeEntries() throws {
        let n = 6
        var a = Matrix(rows: n, cols: n)
        for j in 0..<n { for i in 0..<j { a[i, j] = 50 + Double(i * j) } }
        let strict = try report(a)
        #expect(strict.verdict == .wellPosed && strict.exact)
        #expect(!strict.acyclicByStructure && strict.components.isEmpty)
        #expect(strict.cyclicBlockComponents.first?.acyclicStates == n)
        for i in 0..<n { a[i, i] = 0.5 }
        let withDiagonal = try report(a)
        #expect(withDiagonal.verdict == .wellPosed)
        #expect(withDiagonal.components.allSatisfy { $0.certificate?.kind == .scalar })
        a[3, 3] = 1.3
        let ill = try report(a)
        #expect(ill.verdict == .illPosed && ill.exact)
        let bad = ill.components.filter { $0.verdict == .illPosed }
        #expect(bad.count == 1 && bad[0].states == [3] && bad[0].witness?.reason == .diagonalEntry)
    }

    /// A = ρ · S⁻¹PS with P row-stochastic (ρ(P) = 1) and S a wide diagonal scaling: the spectral
    /// radius is ρ while the row sums are far above 1. For A ≥ 0, I − A is a P-matrix iff ρ(A) < 1.
    @Test func nonnegativeAroundSpectralRadiusOne() throws {
        let n = 5
        var generator = SeededGenerator(seed: 7)
        var p = Matrix(rows: n, cols: n)
        for i in 0..<n {
            let row = (0..<n).map { _ in generator.uniform(0.1...1) }
            let total = row.reduce(0, +)
            for j in 0..<n { p[i, j] = row[j] / total }
        }
        let s = (0..<n).map { pow(4.0, Double($0)) }
        func scaled(_ rho: Double) -> Matrix {
            var a = p
            for j in 0..<n { for i in 0..<n { a[i, j] = rho * p[i, j] * s[j] / s[i] } }
            return a
        }
        let good = scaled(0.95)
        #expect(good.normInf > 1 && good.norm1 > 1)
        let wellPosed = try report(good)
        #expect(wellPosed.verdict == .wellPosed)
        #expect(wellPosed.components.first?.certificate?.kind == .perronScaling)
        let ill = try report(scaled(1.05))
        #expect(ill.verdict == .illPosed)
        #expect(ill.components.first?.witness?.reason == .nonnegativePerron)
        #expect((ill.components.first?.witness?.perronLowerBound ?? 0) >= 1)
    }

    /// 300 states with small entries and one planted 2 × 2 principal submatrix [[0.5, 2], [2, 0.5]]:
    /// its minor of I − A is 0.25 − 4 < 0. The component is far beyond the exact limit, so this is
    /// the 2 × 2 necessary condition at work, with the witness verified on all 300 states.
    @Test func plantedTwoByTwoInALargeMatrix() throws {
        let n = 300
        var generator = SeededGenerator(seed: 300)
        var a = generator.matrix(n, n, scale: 0.02 / Double(n).squareRoot())
        let (i, j) = (17, 211)
        a[i, i] = 0.5; a[j, j] = 0.5; a[i, j] = 2; a[j, i] = 2
        let r = try report(a)
        #expect(r.verdict == .illPosed && r.exact)
        let witness = try #require(r.components.first?.witness)
        #expect(witness.reason == .principalMinor2x2 && witness.subset == [i, j])
        #expect(witness.principalMinor == 0.25 - 4)
        #expect(witness.b.count == n)

        // The same matrix without the plant is certified by a norm.
        a[i, i] = 0; a[j, j] = 0; a[i, j] = 0; a[j, i] = 0
        let fine = try report(a)
        #expect(fine.verdict == .wellPosed && fine.picardContractive)
    }
}
