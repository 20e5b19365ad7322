import ArgumentParser
import ImplicitFormats

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a model between formats, exactly.",
        discussion: "A network stays a network where the output format holds networks (.yaml, .pb, .txtpb); --form implicit writes its (A, B, C, D) form.")

    @OptionGroup var input: ModelInputOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Document kind to write: implicit or network (default: as read).")
    var form: ModelFile.Form?

    @Flag(name: .customLong("external-data"),
          help: "ONNX output: keep the weights in OUTPUT.data next to it (done anyway past 1 GiB of weights).")
    var externalData = false

    func validate() throws {
        if externalData, (try? ModelFormat(path: output.output)) != .onnx {
            throw ValidationError("--external-data applies to an .onnx output only")
        }
    }

    func run() throws {
        // Weights stored as float32 stay so until a writer emits them, widened a band at a time.
        let document = try input.load(keepingFloat32Weights: true).document
        try located(input.model) {
            try ModelFile.write(document, to: output.output, form: form, inputs: [input.model], force: output.force,
                                onnxExternalData: externalData)
        }
    }
}

extension ModelFile.Form: ExpressibleByArgument {}
