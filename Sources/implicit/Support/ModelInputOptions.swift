import ArgumentParser
import ImplicitFormats
import ImplicitModel

/// A model argument and how it is read: the one place a subcommand's model file is loaded.
struct ModelInputOptions: ParsableArguments {
    @Argument(help: "Model file: .yaml/.yml, .pb, .txtpb, .onnx or .npz.")
    var model: String

    @OptionGroup var reading: ModelReadingOptions

    var readOptions: ModelFile.ReadOptions { reading.readOptions }
    var maxMemory: MemoryLimit { reading.maxMemory }

    /// The model file as read (a network stays a network), with the precision of its weights.
    /// `keepingFloat32Weights`: as `ModelFile.ReadOptions.keepsFloat32Weights`.
    func load(keepingFloat32Weights: Bool = false) throws -> ModelFile.LoadedModel {
        try reading.load(model, keepingFloat32Weights: keepingFloat32Weights)
    }

    /// The (A, B, C, D) form of the model file.
    func implicitModel() throws -> ImplicitModel { try reading.implicitModel(model) }

    /// The (A, B, C, D) form of `loaded`, which was read from this model file.
    func implicitModel(of loaded: ModelFile.LoadedModel) throws -> ImplicitModel {
        try reading.implicitModel(of: loaded, file: model)
    }
}

/// How model files are read, for every command that reads one (`compose` reads two, `fit`
/// reads back the one it wrote).
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

    /// The model file at `path` as read; an error without a file name gets `path`.
    func load(_ path: String, keepingFloat32Weights: Bool = false) throws -> ModelFile.LoadedModel {
        var options = readOptions
        options.keepsFloat32Weights = keepingFloat32Weights
        return try located(path) { try ModelFile.load(path, options: options) }
    }

    /// The (A, B, C, D) form of the model file at `path`.
    func implicitModel(_ path: String) throws -> ImplicitModel {
        try implicitModel(of: load(path), file: path)
    }

    /// The (A, B, C, D) form of `loaded`, read from `file` (named in its errors).
    func implicitModel(of loaded: ModelFile.LoadedModel, file: String) throws -> ImplicitModel {
        try located(file) { try loaded.document.implicitModel() }
    }
}

extension ModelFile.LoadedModel {
    /// What the file holds, as `info` and `report` name it: "network" or "implicit".
    var kind: String {
        if case .network = document { return "network" }
        return "implicit"
    }
}

extension MemoryLimit: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }

    public var defaultValueDescription: String { description }
}
