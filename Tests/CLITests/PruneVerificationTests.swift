import Foundation
import Testing
import ImplicitAnalysis
import ImplicitFormats
import Linalg

/// `prune --verify N`: where the random inputs come from (N(0, 1) without a box, the box of
/// `--inputs` with one), said in the report, and the deviation it prints checked against
/// `predict` run on the same inputs with both models.
@Suite struct PruneVerificationTests {
    static let model = ImplicitCLI.sample("mlp.yaml")
    static let count = 40

    /// max |ŷ − y| over every entry, from `predict --raw` of both models on `inputs` (p × m).
    static func deviationByPredict(pruned: String, inputs: Matrix, in dir: URL) throws -> Double {
        let path = dir.appendingPathComponent("verification.csv").path
        try DataFile.write(inputs, to: path, inputs: [], force: true)
        func outputs(_ model: String) throws -> [Double] {
            let result = try ImplicitCLI.run(["predict", model, "--input", path, "--raw"])
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.split(whereSeparator: { $0 == "\n" || $0 == "," }).compactMap { Double($0) }
        }
        let original = try outputs(model), reduced = try outputs(pruned)
        #expect(original.count == reduced.count && original.count == 3 * inputs.cols)
        return zip(original, reduced).map { abs($0 - $1) }.max() ?? .nan
    }

    static func prune(_ extra: [String], in dir: URL) throws -> (deviation: [String: Any], pruned: String) {
        let pruned = dir.appendingPathComponent("small.yaml").path
        let result = try ImplicitCLI.run(["prune", model, "-o", pruned, "--threshold", "0.3", "--verify", "\(count)", "--json"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return (try #require(report?["deviation"] as? [String: Any]), pruned)
    }

    @Test func withoutABoxTheInputsAreStandardNormalAndPredictGivesTheSameDeviation() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let (deviation, pruned) = try Self.prune([], in: dir)
        let seed = ReductionOptions.defaultVerificationSeed
        #expect(deviation["inputs"] as? String == "N(0, 1) per input (no input box), seed \(seed)")
        #expect(deviation["samples"] as? Int == Self.count)
        let inputs = try StandardNormalInputs.samples(features: 4, count: Self.count, seed: seed)
        let measured = try #require(deviation["maxAbsolute"] as? Double)
        let byPredict = try Self.deviationByPredict(pruned: pruned, inputs: inputs, in: dir)
        #expect(measured > 0, "pruning at 0.3 changes the outputs")
        #expect(abs(measured - byPredict) <= 1e-12 * max(1, measured), "prune \(measured), predict \(byPredict)")

        let text = try ImplicitCLI.run(["prune", Self.model, "-o", dir.appendingPathComponent("t.yaml").path, "--threshold", "0.3",
                                        "--verify", "\(Self.count)"])
        #expect(text.status == 0 && text.stdout.contains("deviation on \(Self.count) inputs (N(0, 1) per input (no input box), seed \(seed))"),
                "\(text.stdout)")
    }

    /// With `--inputs X`, the inputs are uniform in X's per-feature min–max box, drawn here again
    /// as lo + (hi − lo)·t, t = (next() >> 11)·2⁻⁵³, sample by sample, feature by feature.
    @Test func withInputsTheyAreUniformInTheirMinMaxBoxAndPredictGivesTheSameDeviation() throws {
        let dir = try ImplicitCLI.scratchFolder()
        let samplesFile = ImplicitCLI.sample("mlp.input.csv")
        let (deviation, pruned) = try Self.prune(["--inputs", samplesFile], in: dir)
        let seed = ReductionOptions.defaultVerificationSeed
        #expect(deviation["inputs"] as? String == "uniform in the box, seed \(seed)")
        let x = try DataFile.read(samplesFile)
        let lo = (0..<x.rows).map { i in (0..<x.cols).map { x[i, $0] }.min() ?? 0 }
        let hi = (0..<x.rows).map { i in (0..<x.cols).map { x[i, $0] }.max() ?? 0 }
        var raw = SplitMix64(seed: seed)
        var inputs = Matrix(rows: x.rows, cols: Self.count)
        for j in 0..<Self.count {
            for i in 0..<x.rows { inputs[i, j] = lo[i] + (hi[i] - lo[i]) * (Double(raw.next() >> 11) / 9_007_199_254_740_992) }
        }
        let measured = try #require(deviation["maxAbsolute"] as? Double)
        let byPredict = try Self.deviationByPredict(pruned: pruned, inputs: inputs, in: dir)
        #expect(abs(measured - byPredict) <= 1e-12 * max(1, measured), "prune \(measured), predict \(byPredict)")
    }
}
