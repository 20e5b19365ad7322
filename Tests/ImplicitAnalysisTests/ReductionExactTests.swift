import Foundation
import Testing
@testable import ImplicitAnalysis
import ImplicitModel
import ImplicitTestSupport

/// Exact reductions lose nothing: planted constant, unread, unreachable and dead states and
/// ignored inputs are found exactly, and the reduced model predicts what the original does.
@Suite struct ReductionExactTests {
    static let box = try! InputBox(lo: 0, hi: 1, features: 5)

    @Test func plantedFeedforwardReducesToThePlantedSizes() throws {
        let model = try PlantedModels.feedforward()
        let result = try ExactReduction(options: .init(box: Self.box, dropInputs: true)).apply(to: model)
        let sizes = Dictionary(uniqueKeysWithValues: result.model.states.map { ($0.name, $0.size) })
        #expect(sizes == PlantedModels.feedforwardSizes)
        #expect(result.report.constantStates.map(\.name) == PlantedModels.feedforwardConstants)
        #expect(result.report.deadUnits == PlantedModels.feedforwardDead)
        #expect(result.report.unreadStates.sorted() == PlantedModels.feedforwardUnread.sorted())
        #expect(result.report.unreachableStates == PlantedModels.feedforwardUnreachable)
        #expect(result.report.ignoredInputs == PlantedModels.feedforwardIgnoredInputs)
        #expect(result.keptInputs == [0, 1, 2])
        #expect(result.model.input.size == 3)
        #expect(result.report.exactness == .exactInsideBox)
        #expect(result.labels == ["h1[2]", "h1[3]", "h1[4]", "h1[5]", "h2[3]", "h2[4]", "h3[0]", "h3[1]", "h3[2]"])
        #expect(abs(result.report.constantStates[0].value - 0.7) == 0)

        // Inside the box the outputs agree to rounding; the kept input columns feed the reduced model.
        var rng = SeededGenerator(seed: 1)
        let inputs = rng.uniform(5, 300, lo: 0, hi: 1)
        let expected = try model.predict(inputs)
        let reduced = try result.model.predict(inputs.submatrix(rows: result.keptInputs, cols: Array(0..<300)))
        #expect(maxDifference(expected, reduced) <= 1e-12)
        let deviation = try OutputDeviation.measure(original: model, reduced: result.model, inputs: inputs,
                                                    keptInputs: result.keptInputs)
        #expect(deviation.maxAbsolute <= 1e-12)
        #expect(deviation.samples == 300)
    }

    @Test func withoutABoxNothingIsDeadAndOutputsAgreeEverywhere() throws {
        let model = try PlantedModels.feedforward()
        let result = try ExactReduction().apply(to: model)
        #expect(result.report.deadUnits.isEmpty)
        #expect(result.report.exactness == .exact)
        // The dead unit stays, and with it input 4; nothing is dropped unless asked.
        #expect(result.model.states.first { $0.name == "h1" }?.size == 5)
        #expect(result.report.ignoredInputs == [3])
        #expect(result.model.input.size == 5)
        var rng = SeededGenerator(seed: 2)
        #expect(try predictionGap(model, result.model, on: rng.matrix(5, 300, scale: 3)) <= 1e-12)
    }

    @Test func constantsPropagateThroughAChainToAModelWithoutStates() throws {
        let model = try PlantedModels.constantChain()
        let result = try ExactReduction().apply(to: model)
        #expect(result.model.stateCount == 0)
        #expect(result.model.states.isEmpty)
        #expect(result.report.constantStates.count == 9)
        var rng = SeededGenerator(seed: 3)
        #expect(try predictionGap(model, result.model, on: rng.matrix(2, 50, scale: 2)) <= 1e-12)
    }

    @Test func deadUnitInsideACyclicComponentNeedsTheIntervalFixedPoint() throws {
        let model = try PlantedModels.cyclicWithDeadUnit()
        let box = try InputBox(lo: 0, hi: 1, features: 3)
        let bounds = try IntervalBounds(model: model, box: box, options: IntervalBoundOptions())
        #expect(bounds.unconvergedComponents.isEmpty)
        #expect(bounds.preActivationUpper[0] < 0)
        // The a-priori radius alone would not prove it: 0.5 R − 1 > 0.
        let activations = try #require(model.stateActivations)
        let radius = try #require(IntervalPropagation.aPrioriRadius(
            a: model.a[0, 0]!, activations: activations,
            knownLower: [-1, 0.4, -0.3, 0, -0.2], knownUpper: [-1, 1.2, 1, 0.9, 0.7]))
        #expect(0.5 * radius - 1 > 0)

        let result = try ExactReduction(options: .init(box: box)).apply(to: model)
        #expect(result.report.deadUnits == ["z[0]"])
        #expect(result.model.stateSizes == [4])
        var rng = SeededGenerator(seed: 4)
        #expect(try predictionGap(model, result.model, on: rng.uniform(3, 300, lo: 0, hi: 1)) <= 1e-12)
    }

    @Test func toleranceTreatsSmallEntriesAsZeroAndSaysSo() throws {
        var parts = ImplicitModel.Builder(try PlantedModels.constantChain())
        // c1 reads the input only through entries of size 1e-9: constant at tolerance 1e-8.
        parts.b[0, 0] = Matrix(rows: 3, cols: 2, repeating: 1e-9)
        let model = try parts.build()
        #expect(try ExactReduction().apply(to: model).model.stateCount == 9)
        let result = try ExactReduction(options: .init(tolerance: 1e-8)).apply(to: model)
        #expect(result.report.exactness == .withinTolerance)
        #expect(result.model.stateCount == 0)
        var rng = SeededGenerator(seed: 5)
        #expect(try predictionGap(model, result.model, on: rng.uniform(2, 20, lo: -1, hi: 1)) <= 1e-7)
    }

    @Test func badOptionsAreTypedErrors() throws {
        let model = try PlantedModels.feedforward()
        #expect(throws: ReductionError.self) { try ExactReduction(options: .init(tolerance: -1)).apply(to: model) }
        #expect(throws: ReductionError.self) {
            try ExactReduction(options: .init(box: try InputBox(lo: 0, hi: 1, features: 2))).apply(to: model)
        }
        #expect(throws: ReductionError.self) { try InputBox(lo: 1, hi: 0, features: 2) }
        #expect(throws: ReductionError.self) { try ExactReduction().apply(to: model, labels: ["a"]) }
    }

    @Test func boxFromSamplesIsThePerFeatureRange() throws {
        let samples = Matrix([[0, 2, -1], [5, 5, 5]])
        let box = try InputBox(enclosing: samples)
        #expect(box.lower == [-1, 5])
        #expect(box.upper == [2, 5])
        #expect(box.contains(samples))
        let drawn = try box.uniformSamples(count: 100, seed: 9)
        #expect(box.contains(drawn))
        #expect(drawn == (try box.uniformSamples(count: 100, seed: 9)))
    }
}
