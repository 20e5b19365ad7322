import ArgumentParser
import Foundation
import ImplicitFormats
import ImplicitReport

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one self-contained HTML page that shows a model: M's structure, the block graph with verdicts, spectra, norms.",
        discussion: "The page needs no network: inline SVG and CSS, one small inline script. Without -o it is MODEL-stem.report.html in the current directory. --input X gives the activation statistics per block and the box of the dead-unit analysis; with --eps E, a section with the output bounds (method auto) and, for a softmax classifier, the certified fraction, and exit 3 (after writing the page, whose bounds section says why) when no finite sound bound exists, as implicit bounds. See docs/report.md.")

    @OptionGroup var input: ModelInputOptions

    @Option(name: .shortAndLong, help: "Output HTML file (default: <model stem>.report.html in the current directory).")
    var output: String?

    @OptionGroup var ball: BallArguments

    @Option(name: .customLong("svd-limit"), help: "Skip the SVD of blocks of A whose smaller side exceeds this.")
    var svdLimit: Int = ReportOptions.defaultSVDSizeLimit

    @OptionGroup var overwrite: OverwriteOption

    func validate() throws {
        guard svdLimit >= 0 else { throw ValidationError("--svd-limit must be a non-negative number") }
        if ball.eps != nil && ball.samples == nil { throw ValidationError("--eps needs --input X, the centres of the balls") }
    }

    /// `net.onnx` → `net.report.html`, in the current directory.
    static func defaultOutput(for model: String) -> String {
        URL(fileURLWithPath: model).deletingPathExtension().lastPathComponent + ".report.html"
    }

    func run() throws {
        let target = output ?? Report.defaultOutput(for: input.model)
        let loaded = try input.load()
        let model = try input.implicitModel(of: loaded)
        let data = try ball.samples.map { path in
            let matrix = try BallArguments.readSamples(path, features: model.input.size, memoryLimit: input.maxMemory)
            guard matrix.cols > 0 else { throw FormatError(file: path, "holds no samples") }
            return matrix
        }
        var options = ReportOptions()
        options.svdSizeLimit = svdLimit
        options.eps = ball.eps
        options.clip = try ball.clip.map { text in
            let interval = try ball.clipInterval(text)
            return interval.lower...interval.upper
        }
        let report = try located(input.model) {
            try inFile(ball.samples ?? input.model) {
                try ModelReport(model: model, kind: loaded.kind, title: URL(fileURLWithPath: input.model).lastPathComponent,
                            inputs: data, inputsName: ball.samples.map { URL(fileURLWithPath: $0).lastPathComponent }, options: options)
            }
        }
        let protected = [input.model] + (ball.samples.map { [$0] } ?? [])
        try AtomicFileWriter.write(Data(ReportPage.html(report).utf8), to: URL(fileURLWithPath: target),
                                   refusingToOverwrite: protected.map { URL(fileURLWithPath: $0) }, force: overwrite.force)
        if case .noBound(let reason) = report.robustness?.outcome {
            // The page is written (its section says why); the status is `implicit bounds`'s for the same answer.
            CommandFailure.write("\(input.model): \(reason)")
            throw ExitCode(BoundsExit.noBound)
        }
    }
}
