import Foundation
import Testing
import ImplicitTestSupport
@testable import ImplicitModel

/// Φ applied in place over a batch, damped Newton on a non-contractive component of several
/// softmax blocks, and the one verification every returned state passes, each against maps and
/// iterations written out here.
@Suite struct ComponentEquationTests {
    /// One block's map of one sample, from the definitions (BRIEF §2; NumPy's spelling in
    /// `NPZModelCodec+BlockMaps`).
    static func direct(_ map: StateMap, _ z: [Double]) -> [Double] {
        switch map {
        case .softmax:
            let top = z.max() ?? 0
            let e = z.map { exp($0 - top) }
            let sum = e.reduce(0, +)
            return e.map { $0 / sum }
        case .layerNormalization(let norm):
            let mean = z.reduce(0, +) / Double(z.count)
            let variance = z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(z.count)
            return z.indices.map { norm.scale[$0] * (z[$0] - mean) / (variance + norm.epsilon).squareRoot() + norm.bias[$0] }
        case .elementwise, .perState:
            let activations = map.activations(size: z.count) ?? []
            return z.indices.map { activations[$0](z[$0]) }
        }
    }

    /// Φ(z) of one sample, block by block through `direct`.
    static func direct(_ map: ComponentMap, _ z: [Double]) -> [Double] {
        map.blocks.flatMap { direct($0.map, Array(z[$0.rows])) }
    }

    /// max |x − Φ(A x + c)|, written out.
    static func residual(_ map: ComponentMap, a: Matrix, x: [Double], c: [Double]) -> Double {
        let z = (0..<x.count).map { i in c[i] + (0..<x.count).reduce(0) { $0 + a[i, $1] * x[$1] } }
        return zip(x, direct(map, z)).map { abs($0 - $1) }.max() ?? 0
    }

    @Test func mapsApplyInPlaceAsEachBlockCopiedOut() {
        var rng = SeededGenerator(seed: 3001)
        let map = ComponentJacobianTests.mixedComponent(using: &rng)
        let n = map.states, m = 7
        let z = rng.matrix(n, m, scale: 2)
        var inPlace = z
        map.apply(to: &inPlace)
        // The former copy-out: each block's rows mapped as a matrix of their own, then stacked.
        let copied = Matrix.verticallyStacked(map.blocks.map { block in
            var part = z.rows(block.rows)
            part.updateColumnMajorElements { block.map.apply(toColumns: &$0, rows: block.rows.count) }
            return part
        }, cols: m)
        #expect(inPlace == copied)
        var rowMajor = Matrix(rows: n, cols: m, rowMajor: z.rowMajor)
        map.apply(to: &rowMajor)
        #expect(rowMajor == inPlace)
        for j in 0..<m {
            var sample = z.column(j)
            map.apply(toSample: &sample)
            #expect(sample == inPlace.column(j))
            let truth = Self.direct(map, z.column(j))
            for i in 0..<n { #expect(abs(sample[i] - truth[i]) <= 1e-13 * max(1, abs(truth[i])), "state \(i), sample \(j)") }
        }
    }

    /// Three softmax blocks and a tanh block, 110 states. The softmax rows of A are large, so the
    /// proven bound (½‖A_k‖ per softmax block) exceeds 1 and the solver must take Newton; the
    /// softmax Jacobians themselves are small (entries about 1/30), so plain Picard iteration,
    /// run here for as long as it takes, reaches the same unique fixed point.
    @Test func newtonSolvesANonContractiveSoftmaxComponent() throws {
        var rng = SeededGenerator(seed: 3007)
        let sizes = [30, 25, 35, 20]
        let maps: [StateMap] = [.softmax, .softmax, .softmax, .elementwise(.tanh)]
        let map = ComponentMap(maps: maps, sizes: sizes)
        let n = map.states, m = 5
        var a = rng.matrix(n, n, scale: 0.25)
        a = Matrix.verticallyStacked([a.rows(0..<90), 0.1 * a.rows(90..<110)], cols: n)
        let solver = BlockMapComponentSolver(a: a, maps: maps, sizes: sizes, options: SolverOptions())
        #expect(!solver.contraction.isContractive)
        let c = rng.matrix(n, m, scale: 2)
        let (x, report) = try solver.solveWithReport(c)
        #expect(report.method == .newton)
        for j in 0..<m {
            let cj = c.column(j), xj = x.column(j)
            #expect(Self.residual(map, a: a, x: xj, c: cj) <= 1e-10, "sample \(j)")
            var picard = Self.direct(map, cj)
            for _ in 0..<2000 {
                let z = (0..<n).map { i in cj[i] + (0..<n).reduce(0) { $0 + a[i, $1] * picard[$1] } }
                let next = Self.direct(map, z)
                let step = zip(next, picard).map { abs($0 - $1) }.max() ?? 0
                picard = next
                if step <= 1e-15 { break }
            }
            #expect(Self.residual(map, a: a, x: picard, c: cj) <= 1e-13, "Picard reached the fixed point, sample \(j)")
            for i in 0..<n { #expect(abs(xj[i] - picard[i]) <= 1e-10, "state \(i), sample \(j)") }
        }
    }

    @Test func verificationRefusesWhatIsNotAFixedPoint() throws {
        var rng = SeededGenerator(seed: 3011)
        let sizes = [6, 4]
        let maps: [StateMap] = [.softmax, .elementwise(.tanh)]
        let a = rng.matrix(10, 10, scale: 0.1)
        let solver = BlockMapComponentSolver(a: a, maps: maps, sizes: sizes, options: SolverOptions())
        let c = rng.matrix(10, 4)
        let x = try solver.solveWithReport(c).x
        let equation = ComponentEquation(a: a, map: ComponentMap(maps: maps, sizes: sizes))
        let tolerance = SolverOptions().residualTolerance
        #expect(throws: Never.self) { try equation.verify(x, c, tolerance: tolerance, blockNames: ["h"]) }

        func failure(_ x: Matrix) -> EvaluationError? {
            do { try equation.verify(x, c, tolerance: tolerance, blockNames: ["h"]) } catch let error as EvaluationError { return error } catch { return nil }
            return nil
        }
        var off = x
        off[3, 2] += 1e-6
        guard case let .notConverged(_, sample, method, residual)? = failure(off) else {
            Issue.record("a state off by 1e-6 passed verification"); return
        }
        #expect(sample == 2 && method == "verification")
        // The state moved by 1e-6, its image by at most ‖Φ'‖ ‖A e₃‖∞ · 1e-6, a fraction of that.
        #expect(residual >= 0.5e-6 && residual <= 1.5e-6)
        for bad in [Double.nan, .infinity] {
            var broken = x
            broken[7, 1] = bad
            guard case let .notConverged(_, sample, _, _)? = failure(broken) else {
                Issue.record("a state \(bad) passed verification"); continue
            }
            #expect(sample == 1)
        }
    }
}
