import Foundation
import Testing
import ImplicitModel
@testable import ImplicitTraining
import ImplicitTestSupport
import Linalg

/// The structural zeros of a feedforward structure, against the pattern written out by hand
/// for layers [4, 3] (states 0–3 the first layer, 4–6 the second), and kept by every step that
/// writes them.
@Suite struct StructuralZerosTests {
    static let layers = [4, 3]

    /// Whether the structure [4, 3] lets entry (i, j) be nonzero, written out independently of
    /// `TrainingStructure`: layer 2 reads layer 1, layer 1 reads u, the output reads layer 2.
    static func allowedA(_ i: Int, _ j: Int) -> Bool { (4..<7).contains(i) && (0..<4).contains(j) }
    static func allowedB(_ i: Int) -> Bool { i < 4 }
    static func allowedC(_ state: Int) -> Bool { state >= 4 }

    /// Every entry outside the hand-written pattern is exactly zero (D entirely).
    static func expectPattern(_ w: TrainingParameters, _ context: String) {
        for i in 0..<7 {
            for j in 0..<7 where !allowedA(i, j) { #expect(w.a[i, j] == 0, "\(context): A[\(i), \(j)] = \(w.a[i, j])") }
            for k in 0..<w.b.cols where !allowedB(i) { #expect(w.b[i, k] == 0, "\(context): B[\(i), \(k)] = \(w.b[i, k])") }
        }
        for r in 0..<w.c.rows {
            for s in 0..<7 where !allowedC(s) { #expect(w.c[r, s] == 0, "\(context): C[\(r), \(s)] = \(w.c[r, s])") }
        }
        #expect(w.d.isZero, "\(context): D is not zero")
    }

    static func ones(p: Int, q: Int, n: Int) -> TrainingParameters {
        TrainingParameters(a: Matrix(rows: n, cols: n, repeating: 1), b: Matrix(rows: n, cols: p, repeating: 1),
                           biasX: [Double](repeating: 1, count: n), c: Matrix(rows: q, cols: n, repeating: 1),
                           d: Matrix(rows: q, cols: p, repeating: 1), biasY: [Double](repeating: 1, count: q))
    }

    /// On all-ones parameters the allowed entries stay 1 and the others become 0; the biases
    /// are never structural zeros; the implicit structure fixes nothing.
    @Test func applyStructureZeroesExactlyTheHandWrittenPattern() {
        var w = Self.ones(p: 2, q: 2, n: 7)
        w.applyStructure(.feedforward(layers: Self.layers))
        Self.expectPattern(w, "all ones")
        for i in 0..<7 {
            for j in 0..<7 where Self.allowedA(i, j) { #expect(w.a[i, j] == 1) }
            for k in 0..<2 where Self.allowedB(i) { #expect(w.b[i, k] == 1) }
        }
        for r in 0..<2 { for s in 0..<7 where Self.allowedC(s) { #expect(w.c[r, s] == 1) } }
        #expect(w.biasX.allSatisfy { $0 == 1 } && w.biasY.allSatisfy { $0 == 1 })

        var dense = Self.ones(p: 2, q: 2, n: 7)
        dense.applyStructure(.implicit(states: 7))
        #expect(dense == Self.ones(p: 2, q: 2, n: 7))
    }

    /// The joint model step (the column penalty's) and the refinement keep the zeros, and the
    /// written model stores only the layer-to-layer block of A, layer 1's B and layer 2's C.
    @Test func jointStepAndRefinementKeepTheFeedforwardZeros() throws {
        let data = try TrainingFixtures.teacherData(samples: 30, activation: .tanh, seed: 31)
        var options = FitOptions(structure: .feedforward(layers: Self.layers), activation: .tanh)
        options.columnPenalty = ColumnPenalty(weight: 0.05)
        options.iterations = 1
        options.refinementSteps = 3
        let bcd = try BlockCoordinateDescent(data: data, options: options)
        var sweeps = 0
        let result = try bcd.run(trace: { point in
            sweeps += 1
            Self.expectPattern(point.parameters, "sweep \(point.sweep) after \(point.block)")
        })
        #expect(sweeps > 1)
        #expect(result.report.history.contains { $0.stage == .refinement && $0.iteration > 0 }, "no refinement step was taken")
        Self.expectPattern(result.parameters, "refined")
        let model = try bcd.model(result.parameters)
        #expect(Set(model.a.blocks.keys) == [BlockIndex(row: 1, col: 0)])
        #expect(Set(model.b.blocks.keys) == [BlockIndex(row: 0, col: 0)])
        #expect(Set(model.c.blocks.keys) == [BlockIndex(row: 0, col: 1)])
    }
}
