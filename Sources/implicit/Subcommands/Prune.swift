import ArgumentParser
import Foundation
import ImplicitAnalysis
import ImplicitFormats
import ImplicitModel

struct Prune: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a smaller model: exact reductions always, magnitude pruning and low rank when asked.",
        discussion: "The result is checked for well-posedness before it is written; --verify measures its largest output deviation, and --max-deviation refuses (exit 1, nothing written) beyond a limit.")

    @OptionGroup var input: ModelInputOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var reduction: ReductionArguments

    @Option(help: "Magnitude pruning: zero the weights of A, B, C, D with |w| < T.")
    var threshold: Double?

    @Flag(help: "With --threshold: T is relative to each block's largest |w|.")
    var relative = false

    @Option(help: "Low rank: factor A (per cyclic component or per block) to rank K.")
    var rank: Int?

    @Option(name: .customLong("rank-tol"), help: "Low rank: keep singular values above T · σ₁.")
    var rankTolerance: Double?

    @Option(help: "Measure the output deviation on N random inputs from the box.")
    var verify: Int?

    @Option(name: .customLong("verify-input"), help: "Measure the output deviation on the inputs in X.npy or X.csv.")
    var verifyInput: String?

    @Option(name: .customLong("max-deviation"), help: "Refuse to write (exit 1) when the largest absolute output deviation exceeds D.")
    var maxDeviation: Double?

    @Flag(help: "Print the report as one JSON document.")
    var json = false

    static let refusedStatus: Int32 = 1

    func run() throws {
        let model = try located(input.model) {
            try ModelFile.read(input.model, options: input.readOptions).implicitModel()
        }
        var options = ReductionOptions(exact: try reduction.exactOptions(features: model.input.size, memoryLimit: input.maxMemory),
                                       refuseIllPosed: true)
        if let threshold {
            guard threshold >= 0, threshold.isFinite else { throw ValidationError("--threshold must be a non-negative number") }
            options.magnitudePruning = MagnitudePruning(threshold: threshold, scale: relative ? .relative : .absolute)
        }
        switch (rank, rankTolerance) {
        case (let k?, nil): options.lowRank = LowRankOptions(rank: .fixed(k))
        case (nil, let t?): options.lowRank = LowRankOptions(rank: .relativeTolerance(t))
        case (nil, nil): break
        case (_?, _?): throw ValidationError("give either --rank or --rank-tol, not both")
        }
        switch (verify, verifyInput) {
        case (let n?, nil):
            guard n > 0 else { throw ValidationError("--verify takes a positive number of samples") }
            options.verification = .random(count: n)
        case (nil, let path?): options.verification = .given(try DataFile.read(path, memoryLimit: input.maxMemory))
        case (nil, nil):
            if maxDeviation != nil { throw ValidationError("--max-deviation needs --verify N or --verify-input X") }
        case (_?, _?): throw ValidationError("give either --verify or --verify-input, not both")
        }

        // The sample count comes from a flag, so it goes through the same limit as file sizes.
        if let samples = options.verification?.sampleCount,
           let why = input.maxMemory.refusal(doubles: OutputDeviation.workingDoubles(original: model, samples: samples)) {
            throw FormatError(file: input.model, "measuring the deviation on \(samples) samples " + why)
        }
        let outcome: ReductionOutcome
        do {
            outcome = try located(input.model) { try ReductionPipeline(options: options).run(model) }
        } catch ReductionError.illPosedResult(let report) {
            CommandFailure.write("\(input.model): \(WellPosednessReportText.prunedModelRefusal(report))")
            throw ExitCode(Prune.refusedStatus)
        }
        let text = json ? try JSONText.encode(outcome.report) : ReductionReportText.render(outcome.report, model: input.model)
        if let limit = maxDeviation, let deviation = outcome.report.deviation, deviation.exceeds(limit) {
            print(text)
            CommandFailure.write("\(input.model): the largest output deviation \(deviation.maxAbsolute) exceeds --max-deviation \(limit); nothing written")
            throw ExitCode(Prune.refusedStatus)
        }
        try located(input.model) {
            try ModelFile.write(.implicit(outcome.model), to: output.output, inputs: [input.model], force: output.force)
        }
        print(text)
    }
}
