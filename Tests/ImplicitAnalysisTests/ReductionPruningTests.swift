import Foundation
import Testing
@testable import ImplicitAnalysis
import ImplicitModel
import ImplicitTestSupport

/// Magnitude pruning zeroes exactly the small weights, the exact reductions that follow remove
/// the states it left constant or unread, and the measured deviation is that of the pruned weights.
@Suite struct ReductionPruningTests {
    /// u(4) → h1 (relu, 6) → h2 (tanh, 5) → y(2), every weight at least 0.1 in magnitude except the
    /// planted ones: h1[2] reads the input only through weights ≤ 0.01 (constant once pruned) and
    /// h2[4] reaches the output only through weights ≤ 0.01 (unread once pruned).
    static func model() throws -> ImplicitModel {
        var rng = SeededGenerator(seed: 11)
        func strong(_ rows: Int, _ cols: Int) -> Matrix {
            let m = rng.matrix(rows, cols)
            return Matrix(rows: rows, cols: cols, columnMajor: m.columnMajorElements.map { ($0 < 0 ? -1 : 1) * (0.1 + abs($0)) })
        }
        var model = ImplicitModel.Builder(input: Port(name: "u", size: 4), output: Port(name: "y", size: 2),
                                          states: [StateBlock(name: "h1", size: 6, activation: .relu),
                                                   StateBlock(name: "h2", size: 5, activation: .tanh)])
        var b1 = strong(6, 4)
        for j in 0..<4 { b1[2, j] = 0.01 * Double(j % 2 == 0 ? 1 : -1) }
        model.b[0, 0] = b1
        model.a[1, 0] = 0.5 * strong(5, 6)
        var c2 = strong(2, 5)
        c2[0, 4] = 0.005; c2[1, 4] = -0.01
        model.c[0, 1] = c2
        model.d = strong(2, 4)
        model.biasX = rng.vector(11, scale: 0.3)
        model.biasX[2] = 0.4
        model.biasY = rng.vector(2)
        return try model.build()
    }

    /// The model with |w| ≤ t set to zero, by a loop over the dense matrices (independent of
    /// `MagnitudePruning`).
    static func prunedByHand(_ model: ImplicitModel, threshold t: Double) throws -> ImplicitModel {
        func cut(_ m: Matrix) -> Matrix { Matrix(rows: m.rows, cols: m.cols, columnMajor: m.columnMajorElements.map { abs($0) <= t ? 0 : $0 }) }
        var result = ImplicitModel.Builder(model)
        result.a = BlockSparseMatrix(dense: cut(model.a.dense()), rowBlockSizes: model.stateSizes, colBlockSizes: model.stateSizes)
        result.b = BlockSparseMatrix(dense: cut(model.b.dense()), rowBlockSizes: model.stateSizes, colBlockSizes: [4])
        result.c = BlockSparseMatrix(dense: cut(model.c.dense()), rowBlockSizes: [2], colBlockSizes: model.stateSizes)
        result.d = cut(model.d)
        return try result.build()
    }

    @Test func pruningThenExactReductionsRemovesTheStatesMadeDead() throws {
        let model = try Self.model()
        let box = try InputBox(lo: -1, hi: 1, features: 4)
        let options = ReductionOptions(exact: .init(box: box), magnitudePruning: MagnitudePruning(threshold: 0.05),
                                       verification: .random(count: 500, seed: 3))
        let outcome = try ReductionPipeline(options: options).run(model)
        let report = outcome.report
        #expect(report.exact.removedStateCount == 0)
        #expect(report.magnitudePruning?.zeroedEntries == ["A": 0, "B": 4, "C": 2, "D": 0])
        let after = try #require(report.exactAfterPruning)
        #expect(after.constantStates.map(\.name) == ["h1[2]"])
        #expect(after.constantStates.first?.value == 0.4)
        #expect(after.unreadStates == ["h2[4]"])
        #expect(outcome.model.stateSizes == [5, 4])
        #expect(report.blocks.map(\.removed) == [["h1[2]"], ["h2[4]"]])
        #expect(report.before.states == 11 && report.after.states == 9)
        #expect(report.lossy)

        // The deviation is exactly that of the pruned weights: the reductions after pruning are exact.
        let inputs = try box.uniformSamples(count: 500, seed: 3)
        let byHand = maxDifference(try model.predict(inputs), try Self.prunedByHand(model, threshold: 0.05).predict(inputs))
        let deviation = try #require(report.deviation)
        #expect(byHand > 0)
        #expect(abs(deviation.maxAbsolute - byHand) <= 1e-12)
        #expect(maxDifference(try outcome.model.predict(inputs), try Self.prunedByHand(model, threshold: 0.05).predict(inputs)) <= 1e-12)
        #expect(deviation.exceeds(byHand / 2) && !deviation.exceeds(2 * byHand))
    }

    @Test func relativeThresholdIsPerBlock() throws {
        var scaled = ImplicitModel.Builder(try Self.model())
        scaled.b[0, 0] = 100 * (scaled.b[0, 0] ?? Matrix(rows: 6, cols: 4))
        let model = try scaled.build()
        let relative = try MagnitudePruning(threshold: 0.3, scale: .relative).apply(to: model)
        for (name, block) in [("B", model.b[0, 0]!), ("A", model.a[1, 0]!)] {
            let expected = block.columnMajorElements.filter { $0 != 0 && abs($0) <= 0.3 * block.maxAbs }.count
            #expect(relative.report.zeroedEntries[name] == expected)
        }
        // An absolute threshold of 0.3 leaves the scaled B (entries ≥ 1, the planted row included) untouched.
        let absolute = try MagnitudePruning(threshold: 0.3).apply(to: model)
        #expect(absolute.report.zeroedEntries["B"] == 0)
        #expect(throws: ReductionError.self) { try MagnitudePruning(threshold: -1).apply(to: model) }
    }

    /// u(1) → h (relu, 1, a = 0.5) → y, and a ReLU state `loop` with a = 2 (x = max(0, 2x + u)
    /// has the two solutions 0 and 1 at u = −1: ill-posed) that reaches the output only when
    /// `loopIsRead`.
    static func modelWithIllPosedLoop(loopIsRead: Bool) throws -> ImplicitModel {
        var model = ImplicitModel.Builder(input: Port(name: "u", size: 1), output: Port(name: "y", size: 1),
                                          states: [StateBlock(name: "h", size: 1, activation: .relu),
                                                   StateBlock(name: "loop", size: 1, activation: .relu)])
        model.a[0, 0] = Matrix(rows: 1, cols: 1, columnMajor: [0.5])
        model.a[1, 1] = Matrix(rows: 1, cols: 1, columnMajor: [2])
        model.b[0, 0] = Matrix(rows: 1, cols: 1, columnMajor: [1])
        model.b[1, 0] = Matrix(rows: 1, cols: 1, columnMajor: [1])
        model.c[0, 0] = Matrix(rows: 1, cols: 1, columnMajor: [1])
        if loopIsRead { model.c[0, 1] = Matrix(rows: 1, cols: 1, columnMajor: [1]) }
        return try model.build()
    }

    @Test func anIllPosedResultIsRefusedWithItsWitnessAndTheAnalysisIsOfTheResult() throws {
        let refusing = ReductionOptions(refuseIllPosed: true)
        let read = try Self.modelWithIllPosedLoop(loopIsRead: true)
        do {
            _ = try ReductionPipeline(options: refusing).run(read)
            Issue.record("an ill-posed result was not refused")
        } catch ReductionError.illPosedResult(let report) {
            let component = try #require(report.components.first { $0.verdict == .illPosed })
            #expect(component.stateNames == ["loop[0]"])
            // x = max(0, 2x + b) at both states of the witness, checked here by hand.
            let w = try #require(component.witness)
            for x in [w.x1[0], w.x2[0]] { #expect(abs(x - max(0, 2 * x + w.b[0])) <= 1e-9) }
            #expect(abs(w.x1[0] - w.x2[0]) > 0.1)
        }
        // Without the option the same model goes through.
        #expect(try ReductionPipeline().run(read).model.stateCount == 2)
        // The unread loop is removed by the exact reductions, so the result is well-posed and
        // passes although the original is ill-posed: the analysis sees the result.
        let unread = try Self.modelWithIllPosedLoop(loopIsRead: false)
        #expect(WellPosednessAnalysis().analyze(unread).verdict == .illPosed)
        let outcome = try ReductionPipeline(options: refusing).run(unread)
        #expect(outcome.model.stateCount == 1 && outcome.labels == ["h[0]"])
    }

    @Test func droppedInputsAreFedTheKeptColumnsAndTheReportRoundTrips() throws {
        let model = try PlantedModels.feedforward()
        let box = try InputBox(lo: 0, hi: 1, features: 5)
        let options = ReductionOptions(exact: .init(box: box, dropInputs: true), rankAnalysis: .automatic,
                                       verification: .random(count: 200, seed: 1))
        let outcome = try ReductionPipeline(options: options).run(model)
        #expect(outcome.keptInputs == [0, 1, 2])
        #expect(outcome.report.keptInputs == [0, 1, 2])
        #expect(try #require(outcome.report.deviation).maxAbsolute <= 1e-12)
        #expect(outcome.report.before.states == 17 && outcome.report.after.states == 9)
        #expect(outcome.report.blocks.first { $0.name == "g" }?.sizeAfter == 0)
        let json = try JSONEncoder().encode(outcome.report)
        #expect(try JSONDecoder().decode(ReductionReport.self, from: json) == outcome.report)

    }

    /// Without a box, `--verify N` measures on N(0, 1) inputs: the same figure as measuring on
    /// those inputs given explicitly, and the report says which distribution it was.
    @Test func randomVerificationWithoutABoxMeasuresOnStandardNormalInputs() throws {
        let model = try Self.model()
        var options = ReductionOptions(magnitudePruning: MagnitudePruning(threshold: 0.05), verification: .random(count: 60, seed: 5))
        let drawn = try #require(try ReductionPipeline(options: options).run(model).report.deviation)
        #expect(drawn.inputs == "N(0, 1) per input (no input box), seed 5" && drawn.samples == 60)
        options.verification = .given(try StandardNormalInputs.samples(features: model.input.size, count: 60, seed: 5))
        let given = try #require(try ReductionPipeline(options: options).run(model).report.deviation)
        #expect(drawn.maxAbsolute == given.maxAbsolute && drawn.maxRelative == given.maxRelative)
        #expect(drawn.maxAbsolute > 0, "the planted small weights change the outputs")
    }
}
