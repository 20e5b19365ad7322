import ArgumentParser

/// Where a command writes its result.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output file; the format follows the extension.")
    var output: String

    @Flag(help: "Replace the output file if it exists.")
    var force = false
}

/// How a model argument is read.
struct ModelInputOptions: ParsableArguments {
    @Argument(help: "Model file: .yaml/.yml, .pb, .txtpb, .onnx or .npz.")
    var model: String

    @Option(name: .customLong("onnx-output"), help: "ONNX: the graph output to follow (default: the first supported float output).")
    var onnxOutput: String?
}
