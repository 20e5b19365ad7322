import Foundation
import Testing
import ImplicitTestSupport
@testable import ImplicitAnalysis
import ImplicitModel
import Linalg

/// Lint, bounds and reductions on models with block maps (softmax, layer normalisation):
/// verdicts against a brute-force search for fixed points, bounds against sampled and attacked
/// inputs, reductions against the original model's predictions.
@Suite struct BlockMapAnalysisTests {

    /// The fixed points of x = softmax(A x + c) on two units, by brute force: x = (t, 1 − t), so
    /// g(t) = softmax(A x + c)₀ − t; sign changes of g over a fine grid of [0, 1], each a root.
    static func softmaxFixedPoints(a: Matrix, c: [Double], grid: Int = 20_000) -> Int {
        func g(_ t: Double) -> Double {
            let x = [t, 1 - t]
            let z0 = a[0, 0] * x[0] + a[0, 1] * x[1] + c[0], z1 = a[1, 0] * x[0] + a[1, 1] * x[1] + c[1]
            return 1 / (1 + exp(z1 - z0)) - t
        }
        var roots = 0, previous = g(0)
        for k in 1...grid {
            let value = g(Double(k) / Double(grid))
            if previous == 0 || (previous < 0) != (value < 0) { roots += 1 }
            previous = value
        }
        return roots
    }

    @Test func feedforwardBlockMapsAreWellPosedByStructure() throws {
        var parts = ImplicitModel.Builder(input: Port(name: "u", size: 3), output: Port(name: "y", size: 2),
                                          states: [StateBlock(name: "h", size: 4, map: .layerNormalization(LayerNormalization(size: 4))),
                                                   StateBlock(name: "s", size: 4, map: .softmax)])
        var rng = SeededGenerator(seed: 3)
        parts.b[0, 0] = rng.matrix(4, 3)
        parts.a[1, 0] = rng.matrix(4, 4, scale: 50)
        parts.c[0, 1] = rng.matrix(2, 4)
        let model = try parts.build()
        let report = model.wellPosedness()
        #expect(report.verdict == .wellPosed && report.acyclicByStructure && report.components.isEmpty)
    }

    @Test func contractiveSoftmaxCycleIsCertifiedAndHasOneFixedPoint() throws {
        let a = Matrix([[0.9, -0.7], [0.3, 0.8]])
        let report = try ImplicitModel.oneBlock(.softmax, a: a).wellPosedness()
        let component = try #require(report.components.first)
        #expect(report.verdict == .wellPosed)
        let certificate = try #require(component.certificate)
        #expect(certificate.kind == .blockMapContractionInf || certificate.kind == .blockMapContraction2)
        // The certificate recomputed: D = ½ I on both units.
        let m = 0.5 * a
        let value = certificate.kind == .blockMapContractionInf ? m.normInf : try m.norm2()
        #expect(value < 1 && abs(value - certificate.value) < 1e-12)
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<30 { #expect(Self.softmaxFixedPoints(a: a, c: rng.vector(2, scale: 2)) == 1) }
    }

    @Test func softmaxCycleWithTwoFixedPointsIsUndecidedNeverWellPosed() throws {
        // t = σ(4(2t − 1)) has three roots: t = ½ and two symmetric ones.
        let a = 4 * Matrix.identity(2)
        #expect(Self.softmaxFixedPoints(a: a, c: [0, 0]) >= 2)
        let report = try ImplicitModel.oneBlock(.softmax, a: a).wellPosedness()
        #expect(report.verdict == .undecided)
        let component = try #require(report.components.first)
        #expect(component.certificate == nil && component.witness == nil)
        #expect(component.notes.contains { $0.contains("contraction") })
    }

    @Test func uniqueButNonContractiveSoftmaxCycleIsUndecided() throws {
        // Decreasing in t: one fixed point, but no contraction bound proves it.
        let a = -4 * Matrix.identity(2)
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<10 { #expect(Self.softmaxFixedPoints(a: a, c: rng.vector(2, scale: 2)) == 1) }
        #expect(try ImplicitModel.oneBlock(.softmax, a: a).wellPosedness().verdict == .undecided)
    }

    @Test func layerNormCyclesAreCertifiedOnlyBelowTheirBound() throws {
        var rng = SeededGenerator(seed: 11)
        let norm = LayerNormalization(epsilon: 1e-5, scale: rng.vector(3), bias: rng.vector(3))
        let a = rng.matrix(3, 3)
        // L₂ = ‖γ‖∞/√ε ≈ 300‖γ‖∞: scaled to just below and above the ℓ2 bound.
        let lipschitz = norm.lipschitzConstant2
        let norm2 = try a.norm2()
        let small = (0.9 / (lipschitz * norm2)) * a, large = (1.5 / (lipschitz * norm2)) * a
        let certified = try ImplicitModel.oneBlock(.layerNormalization(norm), a: small).wellPosedness()
        #expect(certified.verdict == .wellPosed)
        #expect(certified.components.first?.certificate?.kind == .blockMapContraction2)
        #expect(try ImplicitModel.oneBlock(.layerNormalization(norm), a: large).wellPosedness().verdict == .undecided)
    }

    @Test func feedforwardBlockMapBoundsHoldOnSampledAndAttackedInputs() throws {
        var rng = SeededGenerator(seed: 13)
        var parts = ImplicitModel.Builder(input: Port(name: "u", size: 3), output: Port(name: "y", size: 2),
                                          states: [StateBlock(name: "h", size: 4, activation: .tanh),
                                                   StateBlock(name: "ln", size: 4, map: .layerNormalization(LayerNormalization(epsilon: 1e-3, scale: rng.vector(4), bias: rng.vector(4)))),
                                                   StateBlock(name: "s", size: 5, map: .softmax)])
        parts.b[0, 0] = rng.matrix(4, 3)
        parts.a[1, 0] = rng.matrix(4, 4)
        parts.a[2, 1] = rng.matrix(5, 4)
        parts.c[0, 2] = rng.matrix(2, 5)
        parts.biasX = rng.vector(13)
        let model = try parts.build()
        let centres = rng.matrix(3, 4)
        let inputs = try InputSet(centres: centres, radius: 0.3)
        let bounds = try OutputBounds(model: model)
        #expect(bounds.appliedMethods == [.ibp])
        let batch = try bounds.bounds(of: AffineReadout(model: model), states: try bounds.stateBounds(inputs), inputs: inputs)
        var check = SeededGenerator(seed: 17)
        #expect(try SoundnessCheck(model: model).violation(bounds: batch, inputs: inputs, samples: 200, using: &check) == nil)
        // Not vacuous: every softmax output bounded inside [0, 1]-scaled readout ranges.
        #expect((0..<batch.count).allSatisfy { j in (0..<2).allSatisfy { batch.upper[$0, j] - batch.lower[$0, j] < 50 } })
        #expect(throws: BoundsError.self) { try OutputBounds(model: model, method: .crown) }
    }

    @Test func cyclicBlockMapBoundsAreRefused() throws {
        let model = try ImplicitModel.oneBlock(.softmax, a: 0.2 * Matrix.identity(3))
        let inputs = try InputSet(centres: Matrix(rows: 3, cols: 1), radius: 0.1)
        #expect(throws: BoundsError.self) { try OutputBounds(model: model).outputReport(inputs) }
    }

    @Test func reductionKeepsABlockMapWholeAndExact() throws {
        // LN block of 3 whose state 2 is not read by the output, and a dead tail block.
        var rng = SeededGenerator(seed: 19)
        var parts = ImplicitModel.Builder(input: Port(name: "u", size: 2), output: Port(name: "y", size: 1),
                                          states: [StateBlock(name: "h", size: 2, activation: .relu),
                                                   StateBlock(name: "ln", size: 3, map: .layerNormalization(LayerNormalization(size: 3))),
                                                   StateBlock(name: "tail", size: 2, activation: .relu)])
        parts.b[0, 0] = rng.matrix(2, 2)
        parts.a[1, 0] = rng.matrix(3, 2)
        parts.a[2, 1] = rng.matrix(2, 3)
        parts.c[0, 1] = Matrix([[1.0, -2.0, 0.0]])
        let model = try parts.build()
        let result = try ExactReduction().apply(to: model)
        #expect(result.model.states.map(\.name) == ["h", "ln"])
        #expect(result.model.states[1].size == 3)
        let u = rng.matrix(2, 12, scale: 2)
        let before = try model.predict(u), after = try result.model.predict(u)
        for j in 0..<u.cols { #expect(abs(before[0, j] - after[0, j]) <= 1e-12) }
    }
}
