import Testing
import Linalg
import ImplicitTestSupport

/// The recursive Schur-complement test must agree with computing every principal minor by LU.
@Suite struct PMatrixTestTests {
    static func minors(_ m: Matrix) -> [(subset: [Int], det: Double)] {
        let n = m.rows
        return (1..<(1 << n)).map { mask in
            let subset = (0..<n).filter { mask & (1 << $0) != 0 }
            let det = (try? LUFactorization(m.submatrix(rows: subset, cols: subset)))?.determinant ?? .nan
            return (subset, det)
        }
    }

    @Test func agreesWithBruteForceOnRandomMatrices() {
        var generator = SeededGenerator(seed: 0x1234_5678_9ABC_DEF1)
        var disagreements = 0, pCount = 0
        for trial in 0..<400 {
            let n = 1 + trial % 8
            let scale = [0.3, 0.6, 1.0][trial % 3]
            var m = Matrix.identity(n)
            for j in 0..<n { for i in 0..<n { m[i, j] -= scale * generator.signedUnit() } }
            let truth = Self.minors(m)
            let isP = truth.allSatisfy { $0.det > 0 }
            let test = PMatrixTest(m)
            if test.isPMatrix != isP { disagreements += 1 }
            if isP {
                pCount += 1
                #expect(test.pivotsChecked == (1 << n) - 1)
                let smallest = truth.min { $0.det < $1.det }!
                #expect(abs(test.smallestMinor - smallest.det) <= 1e-10 * max(1, abs(smallest.det)))
            } else if let failure = test.failure {
                let det = truth.first { $0.subset == failure.subset }!.det
                #expect(det <= 1e-12, "the reported subset \(failure.subset) has minor \(det)")
                #expect(abs(det - failure.minor) <= 1e-9 * max(1, abs(det)))
            }
        }
        #expect(disagreements == 0)
        #expect(pCount > 50 && pCount < 350, "both outcomes must be common: \(pCount) of 400 are P")
    }

    @Test func visitsEverySubsetOnce() {
        let test = PMatrixTest(.identity(12))
        #expect(test.isPMatrix)
        #expect(test.pivotsChecked == 4095)
        #expect(test.smallestPivot == 1 && test.smallestMinor == 1)
    }

    @Test func findsTheFailingSubset() {
        // Principal minor on {1, 3} is 1 − 4 < 0; every 1 × 1 minor is positive.
        var m = Matrix.identity(4)
        m[1, 3] = 2; m[3, 1] = 2
        let test = PMatrixTest(m)
        #expect(!test.isPMatrix)
        #expect(test.failure?.subset == [1, 3])
        #expect(test.failure?.minor == -3)
    }
}
