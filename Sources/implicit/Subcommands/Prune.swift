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

    @Option(help: "Measure the output deviation on N random inputs: uniform in the box of --box or --inputs, else N(0, 1) per input; seed \(ReductionOptions.defaultVerificationSeed).")
    var verify: Int?

    @Option(name: .customLong("verify-input"), help: "Measure the output deviation on the inputs in X.npy or X.csv.")
    var verifyInput: String?

    @Option(name: .customLong("max-deviation"), help: "Refuse to write (exit 1) when the largest absolute output deviation exceeds D.")
    var maxDeviation: Double?

    @Flag(help: "Print the report as one JSON document.")
    var json = false

    static let refusedStatus: Int32 = 1

    func validate() throws {
        if let threshold, !(threshold >= 0 && threshold.isFinite) { throw ValidationError("--threshold must be a non-negative number") }
        if relative && threshold == nil { throw ValidationError("--relative applies to --threshold T") }
        if rank != nil && rankTolerance != nil { throw ValidationError("give either --rank or --rank-tol, not both") }
        if let rank, rank < 0 { throw ValidationError("--rank must be a non-negative whole number") }
        if let rankTolerance, !(rankTolerance >= 0 && rankTolerance.isFinite) {
            throw ValidationError("--rank-tol must be a non-negative number")
        }
        if verify != nil && verifyInput != nil { throw ValidationError("give either --verify or --verify-input, not both") }
        if let verify, verify <= 0 { throw ValidationError("--verify takes a positive number of samples") }
        if let maxDeviation {
            guard verify != nil || verifyInput != nil else { throw ValidationError("--max-deviation needs --verify N or --verify-input X") }
            guard maxDeviation >= 0, !maxDeviation.isNaN else { throw ValidationError("--max-deviation must be a non-negative number") }
        }
    }

    func run() throws {
        let model = try input.implicitModel()
        var options = ReductionOptions(exact: try reduction.exactOptions(features: model.input.size, memoryLimit: input.maxMemory),
                                       refuseIllPosed: true)
        if let threshold {
            options.magnitudePruning = MagnitudePruning(threshold: threshold, scale: relative ? .relative : .absolute)
        }
        if let rank { options.lowRank = LowRankOptions(rank: .fixed(rank)) }
        if let rankTolerance { options.lowRank = LowRankOptions(rank: .relativeTolerance(rankTolerance)) }
        if let verify { options.verification = .random(count: verify) }
        if let verifyInput { options.verification = .given(try DataFile.read(verifyInput, memoryLimit: input.maxMemory)) }

        // The sample count comes from a flag, so it goes through the same limit as file sizes.
        if let samples = options.verification?.sampleCount {
            do {
                try input.maxMemory.check(doubles: OutputDeviation.workingDoubles(original: model, samples: samples))
            } catch {
                throw FileError(file: input.model, lead: "measuring the deviation on \(samples) samples ", error)
            }
        }
        let outcome: ReductionOutcome
        do {
            outcome = try located(input.model) { try ReductionPipeline(options: options).run(model) }
        } catch ReductionError.illPosedResult(let report) {
            CommandFailure.write("\(input.model): \(WellPosednessReportText.prunedModelRefusal(report))")
            throw ExitCode(Prune.refusedStatus)
        }
        let text = json ? try JSONText.encode(outcome.report) : ReductionReportText.render(outcome.report, model: input.model, input: model.input)
        if let limit = maxDeviation, let deviation = outcome.report.deviation, deviation.exceeds(limit) {
            print(text)
            let shown = ReportNumber.pair(deviation.maxAbsolute, limit)
            CommandFailure.write("\(input.model): the largest output deviation \(shown.value) exceeds --max-deviation \(shown.bound); nothing written")
            throw ExitCode(Prune.refusedStatus)
        }
        try located(input.model) {
            try ModelFile.write(.implicit(outcome.model), to: output.output, inputs: [input.model], force: output.force)
        }
        print(text)
    }
}
