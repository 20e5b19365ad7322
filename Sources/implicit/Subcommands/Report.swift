import ArgumentParser
import Foundation
import ImplicitFormats
import ImplicitReport

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one self-contained HTML page that shows a model: M's structure, the block graph with verdicts, spectra, norms.",
        discussion: "The page needs no network: inline SVG and CSS, one small inline script. Without -o it is MODEL-stem.report.html in the current directory. With --input X --eps E: exit 3 (after writing the page, whose bounds section says why) when no finite sound bound exists, as implicit bounds. See docs/report.md.")

    @OptionGroup var input: ModelInputOptions

    @Option(name: .shortAndLong, help: "Output HTML file (default: <model stem>.report.html in the current directory).")
    var output: String?

    @Option(name: .customLong("input"), help: "Samples (.npy or .csv, one per row): activation statistics per block, and the box of the dead-unit analysis.")
    var samples: String?

    @Option(help: "Radius of the ℓ∞ ball around each sample of --input: a section with the output bounds (method auto) and, for a softmax classifier, the certified fraction.")
    var eps: Double?

    @Option(parsing: .unconditional, help: "Intersect each ball with the box 'lo,hi' for every feature (e.g. 0,1 for pixels).")
    var clip: String?

    @Option(name: .customLong("svd-limit"), help: "Skip the SVD of blocks of A whose smaller side exceeds this.")
    var svdLimit: Int = ReportOptions.defaultSVDSizeLimit

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    func validate() throws {
        guard svdLimit >= 0 else { throw ValidationError("--svd-limit must be a non-negative number") }
        try BallArguments.validate(eps: eps, clip: clip)
        if eps != nil && samples == nil { throw ValidationError("--eps needs --input X, the centres of the balls") }
        if clip != nil && eps == nil { throw ValidationError("--clip applies to --input X --eps E") }
    }

    /// `net.onnx` → `net.report.html`, in the current directory.
    static func defaultOutput(for model: String) -> String {
        URL(fileURLWithPath: model).deletingPathExtension().lastPathComponent + ".report.html"
    }

    func run() throws {
        let target = output ?? Report.defaultOutput(for: input.model)
        let document = try ModelFile.read(input.model, options: input.readOptions)
        let kind: String
        if case .network = document { kind = "network" } else { kind = "implicit" }
        let model = try located(input.model) { try document.implicitModel() }
        let data = try samples.map { path in
            let matrix = try BallArguments.readSamples(path, features: model.input.size, memoryLimit: input.maxMemory)
            guard matrix.cols > 0 else { throw FormatError(file: path, "holds no samples") }
            return matrix
        }
        var options = ReportOptions()
        options.svdSizeLimit = svdLimit
        options.eps = eps
        options.clip = try clip.map { text in
            let interval = try IntervalArgument(text, flag: "--clip")
            return interval.lower...interval.upper
        }
        let report = try located(input.model) {
            try inFile(samples ?? input.model) {
                try ModelReport(model: model, kind: kind, title: URL(fileURLWithPath: input.model).lastPathComponent,
                            inputs: data, inputsName: samples.map { URL(fileURLWithPath: $0).lastPathComponent }, options: options)
            }
        }
        let protected = [input.model] + (samples.map { [$0] } ?? [])
        try AtomicFileWriter.write(Data(ReportPage.html(report).utf8), to: URL(fileURLWithPath: target),
                                   refusingToOverwrite: protected.map { URL(fileURLWithPath: $0) }, force: force)
        if case .noBound(let reason) = report.robustness?.outcome {
            // The page is written (its section says why); the status is `implicit bounds`'s for the same answer.
            CommandFailure.write("\(input.model): \(reason)")
            throw ExitCode(BoundsExit.noBound)
        }
    }
}
