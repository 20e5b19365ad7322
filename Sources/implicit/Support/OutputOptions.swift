import ArgumentParser
import ImplicitFormats

/// Where a command writes its result.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output file; the format follows the extension.")
    var output: String

    @Flag(help: "Replace the output file if it exists.")
    var force = false
}

/// A model argument and how it is read.
struct ModelInputOptions: ParsableArguments {
    @Argument(help: "Model file: .yaml/.yml, .pb, .txtpb, .onnx or .npz.")
    var model: String

    @OptionGroup var reading: ModelReadingOptions

    var readOptions: ModelFile.ReadOptions { reading.readOptions }
    var maxMemory: MemoryLimit { reading.maxMemory }
}

/// How model files are read, for every command that reads one (`compose` reads two).
struct ModelReadingOptions: ParsableArguments {
    @Option(name: .customLong("onnx-output"), help: "ONNX: the graph output to follow (default: the first supported float output).")
    var onnxOutput: String?

    @Option(name: .customLong("max-memory"),
            help: ArgumentHelp("The most memory the sizes written in an input file may make us allocate (zeros filled in, archive members, products of weights); suffixes K, M, G, T.",
                               valueName: "size"))
    var maxMemory: MemoryLimit = .default

    /// How `ModelFile` reads the model (and a subcommand its other inputs).
    var readOptions: ModelFile.ReadOptions {
        ModelFile.ReadOptions(onnxOutput: onnxOutput, memoryLimit: maxMemory)
    }
}

extension MemoryLimit: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }

    public var defaultValueDescription: String { description }
}
