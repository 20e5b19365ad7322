import Testing
@testable import ImplicitAnalysis
import ImplicitModel

/// The memory a deviation measurement will take is known before it starts, and a sample count
/// from a flag cannot overflow it into a small number.
struct OutputDeviationMemoryTests {
    let model: ImplicitModel

    init() throws {
        model = try ImplicitModel.Builder(input: Port(name: "u", size: 4), output: Port(name: "y", size: 3),
                                          states: [StateBlock(name: "h", size: 10, activation: .relu)]).build()
    }

    @Test func theEstimateIsTheDocumentedFormula() {
        // m (p + 3n + 2q) per evaluation: 7 · (4 + 30 + 6).
        #expect(model.evaluationDoubles(samples: 7) == 7 * 40)
        // Two evaluations and the copy of the inputs: 2 · 280 + 7 · 4.
        #expect(OutputDeviation.workingDoubles(original: model, samples: 7) == 2 * 280 + 28)
        #expect(OutputDeviation.workingDoubles(original: model, samples: 0) == 0)
    }

    @Test(arguments: [1 << 62, Int.max, 1_000_000_000_000_000_000])
    func hugeSampleCountsSaturate(samples: Int) {
        #expect(model.evaluationDoubles(samples: samples) == Int.max)
        #expect(OutputDeviation.workingDoubles(original: model, samples: samples) == Int.max)
    }
}
