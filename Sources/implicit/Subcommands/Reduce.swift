import ArgumentParser
import ImplicitAnalysis
import ImplicitFormats

struct Reduce: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report what a model can drop: constant, dead, unread and unreachable states, ignored inputs, the rank of A.",
        discussion: "Writes nothing. Exact reductions use tolerance 0 unless --tol is given; dead ReLU units need an input box (--box or --inputs).")

    @OptionGroup var input: ModelInputOptions
    @OptionGroup var reduction: ReductionArguments

    @Flag(help: "Print one JSON document (the ReductionReport, docs/pruning.md).")
    var json = false

    func run() throws {
        let model = try input.implicitModel()
        var options = ReductionOptions(exact: try reduction.exactOptions(features: model.input.size, memoryLimit: input.maxMemory))
        options.rankAnalysis = .automatic
        let outcome = try located(input.model) { try ReductionPipeline(options: options).run(model) }
        print(json ? try JSONText.encode(outcome.report) : ReductionReportText.render(outcome.report, model: input.model, input: model.input))
    }
}
