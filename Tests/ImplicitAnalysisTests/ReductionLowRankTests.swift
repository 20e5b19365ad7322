import Foundation
import Testing
@testable import ImplicitAnalysis
import ImplicitModel
import ImplicitTestSupport

/// Low rank: a cyclic block of rank k plus noise, factored at rank k, costs what the report says
/// per sweep, and deviates from the original by what an independent evaluation measures.
@Suite struct ReductionLowRankTests {
    static let n = 40, k = 3, noise = 1e-4

    /// x = tanh(A x + B u + b), y = C x + D u + c with A = 0.6 · (rank-3 matrix of unit norm) + noise:
    /// ‖A‖₂ < 1, so it is contractive and Picard converges.
    static func cyclicModel() throws -> ImplicitModel {
        var rng = SeededGenerator(seed: 99)
        var a = rng.matrix(n, k) * rng.matrix(k, n)
        a.scale(by: 0.6 / ((try? a.norm2()) ?? 1))
        a.add(rng.matrix(n, n, scale: noise / Double(n).squareRoot()))
        var model = ImplicitModel.Builder(input: Port(name: "u", size: 4), output: Port(name: "y", size: 3),
                                          states: [StateBlock(name: "x", size: n, activation: .tanh)])
        model.a[0, 0] = a
        model.b[0, 0] = rng.matrix(n, 4)
        model.c[0, 0] = rng.matrix(3, n, scale: 0.5)
        model.d = rng.matrix(3, 4)
        model.biasX = rng.vector(n, scale: 0.2)
        model.biasY = rng.vector(3)
        return try model.build()
    }

    @Test func cyclicRankKPlusNoise() throws {
        let model = try Self.cyclicModel()
        let a = try #require(model.a[0, 0])
        #expect(try a.norm2() < 1)
        let box = try InputBox(lo: -1, hi: 1, features: 4)
        var options = ReductionOptions(exact: .init(box: box), lowRank: LowRankOptions(rank: .fixed(Self.k)),
                                       verification: .random(count: 200, seed: 7))
        options.solver.tolerance = 1e-14
        let outcome = try ReductionPipeline(options: options).run(model)
        let report = outcome.report

        // Cost per sweep: n² = 1600 nonzeros of A before, k(n + n) = 240 after, as reported.
        let part = try #require(report.lowRank?.parts.first)
        #expect(report.lowRank?.parts.count == 1)
        #expect(part.keptRank == Self.k && part.newBlock == "x_lowrank")
        #expect(part.costBefore == Self.n * Self.n && part.costAfter == 2 * Self.n * Self.k)
        #expect(report.before.iterationCost == 1600 && report.after.iterationCost == 240)
        #expect(ModelFigures(model: outcome.model).iterationCost == 240)
        #expect(report.iterationSpeedup == 1600.0 / 240.0)
        #expect(report.estimatedSpeedup == report.iterationSpeedup)
        #expect(outcome.model.stateSizes == [Self.k, Self.n])
        #expect(BlockStructure(outcome.model).components.map(\.blocks) == [[0, 1]])
        #expect(part.numericalRank == Self.n)
        #expect(part.singularValues[Self.k - 1] > 0.01 && part.singularValues[Self.k] < 10 * Self.noise)

        // The truncation error is σ_{k+1} = ‖A − L Rᵀ‖₂.
        let left = try #require(outcome.model.a[1, 0]), right = try #require(outcome.model.a[0, 1])
        let truncated = left * right
        let sigma = try SingularValueDecomposition(a).values
        #expect(part.truncationError == sigma[Self.k])
        #expect(abs(try (a - truncated).norm2() - sigma[Self.k]) <= 1e-12)

        // The deviation agrees with an independent evaluation of A and of its rank-k truncation
        // U_k Σ_k V_kᵀ, formed here from the SVD, not from the pipeline's factors.
        let svd = try SingularValueDecomposition(a)
        var direct = Matrix(rows: Self.n, cols: Self.n)
        for t in 0..<Self.k {
            for j in 0..<Self.n { for i in 0..<Self.n { direct[i, j] += svd.u[i, t] * svd.values[t] * svd.vt[t, j] } }
        }
        let inputs = try box.uniformSamples(count: 200, seed: 7)
        let b = try #require(model.b[0, 0]), c = try #require(model.c[0, 0])
        let yOriginal = DirectSolve.outputs(a: a, b: b, c: c, d: model.d, biasX: model.biasX, biasY: model.biasY,
                                            activation: .tanh, inputs: inputs)
        let yTruncated = DirectSolve.outputs(a: direct, b: b, c: c, d: model.d, biasX: model.biasX, biasY: model.biasY,
                                             activation: .tanh, inputs: inputs)
        let independent = maxDifference(yOriginal, yTruncated)
        let deviation = try #require(report.deviation)
        #expect(deviation.samples == 200)
        #expect(deviation.maxAbsolute > 0 && deviation.maxAbsolute < 1e-2)
        #expect(abs(deviation.maxAbsolute - independent) <= 1e-10)
        try ReductionNumPyDump.write(model: model, reduced: outcome.model, inputs: inputs, report: report)
    }

    /// u → h1 → h2 → y where A[h2, h1] has rank exactly 2: factored at rank 2, the outputs do not change.
    static func feedforwardModel() throws -> ImplicitModel {
        var rng = SeededGenerator(seed: 5)
        var model = ImplicitModel.Builder(input: Port(name: "u", size: 6), output: Port(name: "y", size: 2),
                                          states: [StateBlock(name: "h1", size: 20, activation: .relu),
                                                   StateBlock(name: "h2", size: 20, activation: .relu)])
        model.b[0, 0] = rng.matrix(20, 6)
        model.a[1, 0] = rng.matrix(20, 2) * rng.matrix(2, 20)
        model.c[0, 1] = rng.matrix(2, 20)
        model.biasX = rng.vector(40, scale: 0.5)
        return try model.build()
    }

    @Test(arguments: [LowRankOptions.Rank.fixed(2), .relativeTolerance(1e-10)])
    func exactLowRankLayerBecomesTwoLinearMaps(rank: LowRankOptions.Rank) throws {
        let model = try Self.feedforwardModel()
        let (factored, report) = try LowRankFactorization(options: .init(rank: rank)).apply(to: model)
        #expect(factored.states.map(\.name) == ["h1", "h2_from_h1_lowrank", "h2"])
        #expect(factored.states[1].sharedActivation == .identity && factored.states[1].size == 2)
        #expect(BlockStructure(factored).isAcyclic)
        let layer = try #require(report.parts.first { $0.rowBlocks == ["h2"] })
        #expect(layer.numericalRank == 2 && layer.keptRank == 2)
        #expect(layer.costBefore == 400 && layer.costAfter == 80)
        // B's block is a layer of its own: not part of A, never factored.
        #expect(report.parts.count == 1)
        var rng = SeededGenerator(seed: 6)
        #expect(try predictionGap(model, factored, on: rng.matrix(6, 100)) <= 1e-12)
    }

    @Test func factoringThatSavesNothingIsSkipped() throws {
        let model = try Self.feedforwardModel()
        let (factored, report) = try LowRankFactorization(options: .init(rank: .fixed(15))).apply(to: model)
        #expect(factored == model)
        #expect(report.parts.first?.skipped?.hasPrefix("no saving") == true)
        #expect(throws: ReductionError.self) { try LowRankFactorization(options: .init(rank: .fixed(-1))).apply(to: model) }
    }

    @Test func rankAnalysisReportsWithoutChanging() throws {
        let model = try Self.feedforwardModel()
        let options = ReductionOptions(rankAnalysis: .automatic)
        let outcome = try ReductionPipeline(options: options).run(model)
        #expect(outcome.model == model)
        let analysis = try #require(outcome.report.rankAnalysis)
        #expect(analysis.count == 1)
        #expect(analysis[0].numericalRank == 2 && analysis[0].costAtNumericalRank == 80)
        #expect(analysis[0].keptRank == nil)
        #expect(!outcome.report.lossy)
    }
}
