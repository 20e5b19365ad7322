import Foundation
import ImplicitModel

/// Reads and writes model files of every format, chosen by extension (`ModelFormat`).
public enum ModelFile {
    /// Options that only some importers use.
    public struct ReadOptions: Sendable {
        /// ONNX: the graph output to follow (default: the first float output we can convert).
        public var onnxOutput: String?
        /// What the sizes in the file may make the reader allocate (`--max-memory`).
        public var memoryLimit: MemoryLimit
        /// ONNX: float32 weights stay float32 in memory (`ONNXImporter.keepsFloat32Weights`),
        /// for a command that writes them out or runs the model in float32 (`convert`,
        /// `predict`); arithmetic in float64 reads them widened. Off by default: analyses that
        /// apply a weight many times want it widened once. `memoryLimit` still counts them as
        /// float64, what any arithmetic on them allocates.
        public var keepsFloat32Weights: Bool

        public init(onnxOutput: String? = nil, memoryLimit: MemoryLimit = .default, keepsFloat32Weights: Bool = false) {
            self.onnxOutput = onnxOutput
            self.memoryLimit = memoryLimit
            self.keepsFloat32Weights = keepsFloat32Weights
        }
    }

    /// Which document kind to write where a format holds both.
    public enum Form: String, Sendable {
        case implicit, network
    }

    /// Reads a model file.
    /// - Throws: `FormatError` naming the file and the place in it.
    public static func read(_ path: String, options: ReadOptions = ReadOptions()) throws -> ModelDocument {
        try readWithNotes(path, options: options).document
    }

    /// Reads a model file, with the importer's remarks for the user (for ONNX, for example, how
    /// skl2onnx's multi-output `Reshape(-1, 1)` was read).
    /// - Throws: `FormatError` naming the file and the place in it.
    public static func readWithNotes(_ path: String, options: ReadOptions = ReadOptions()) throws
        -> (document: ModelDocument, notes: [String])
    {
        let loaded = try load(path, options: options)
        return (loaded.document, loaded.notes)
    }

    /// What reading a model file gives: the document, the importer's remarks and the width its
    /// weights were stored in.
    public struct LoadedModel: Sendable {
        public let document: ModelDocument
        public let notes: [String]
        /// float32 only for an ONNX file whose floating-point tensors are all FLOAT; every other
        /// format is read as float64.
        public let weightPrecision: WeightPrecision
    }

    /// Reads a model file with everything the reader learnt about it (`LoadedModel`).
    /// - Throws: `FormatError` naming the file and the place in it.
    public static func load(_ path: String, options: ReadOptions = ReadOptions()) throws -> LoadedModel {
        let format = try ModelFormat(path: path)
        if format == .npz {
            // Read through the file system, so members are decompressed one at a time.
            return LoadedModel(document: .implicit(try NPZModelCodec.read(URL(fileURLWithPath: path), maxBytes: options.memoryLimit.bytes)),
                               notes: [], weightPrecision: .float64)
        }
        if format == .onnx, (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular {
            // Mapped in place: weights are widened (or kept in float32) straight from the file, its
            // pages released once read. Anything but a regular file (a pipe, a folder) goes through `readBytes`.
            let imported = try ONNXImporter(file: path, outputName: options.onnxOutput, memoryLimit: options.memoryLimit,
                                            keepsFloat32Weights: options.keepsFloat32Weights)
                .read(contentsOf: path)
            return LoadedModel(document: .network(imported.network), notes: imported.notes, weightPrecision: imported.weightPrecision)
        }
        return try load(data: readBytes(path), format: format, file: path, options: options)
    }

    /// Reads a model from bytes already in memory, as `load(_:options:)`.
    /// - Throws: `FormatError` naming `file` and the place in it.
    public static func load(data: Data, format: ModelFormat, file: String, options: ReadOptions = ReadOptions()) throws -> LoadedModel {
        try ModelCodec.of(format).decode(data, file, options)
    }

    /// Reads a model from bytes already in memory (fuzzing, standard input, archives).
    /// - Parameters:
    ///   - data: the file's content.
    ///   - format: how to read it.
    ///   - file: the name used in errors; for YAML also the folder that `npy:` references are
    ///     relative to.
    /// - Throws: `FormatError` naming `file` and the place in it.
    public static func readWithNotes(data: Data, format: ModelFormat, file: String,
                                     options: ReadOptions = ReadOptions()) throws -> (document: ModelDocument, notes: [String]) {
        let loaded = try load(data: data, format: format, file: file, options: options)
        return (loaded.document, loaded.notes)
    }

    /// The bytes of a file, with a one-line error when it cannot be read.
    public static func readBytes(_ path: String) throws -> Data {
        try InputFile.contents(ofPath: path, name: path)
    }

    /// Serializes a document in the format of `path`'s extension (`ModelCodec`), weights inline.
    ///
    /// `form` picks network or implicit where the format holds both (YAML, protobuf); a network
    /// is kept as a network by default, and `.implicit` assembles it. ONNX is written from the
    /// implicit form (a network is assembled first).
    /// - Throws: `FormatError` for `.npz`, which is only streamed to disk (`write`).
    public static func encode(_ document: ModelDocument, for path: String, form: Form? = nil) throws -> Data {
        let codec = ModelCodec.of(try ModelFormat(path: path))
        guard let encode = codec.encode else {
            throw FormatError(file: path, ".npz archives are streamed to disk; use ModelFile.write")
        }
        return try encode(try document.converted(to: form), path)
    }

    /// Writes a document in the format of `path`'s extension (`ModelCodec`) atomically, large
    /// weights streamed where the format allows, never over an input (nor over the external data
    /// files an ONNX input reads) and never over an existing file unless `force`. `form` as for
    /// `encode`.
    /// - Parameter onnxExternalData: an `.onnx` output keeps its weights in `OUTPUT.data`
    ///   (`ONNXExporter.write`); they go there anyway past `ONNXExporter.externalDataThreshold`.
    public static func write(_ document: ModelDocument, to path: String, form: Form? = nil,
                             inputs: [String], force: Bool, onnxExternalData: Bool = false) throws {
        let codec = ModelCodec.of(try ModelFormat(path: path))
        let protected = (inputs + inputs.flatMap(ONNXImporter.externalDataFiles(ofModelAt:))).map { URL(fileURLWithPath: $0) }
        let destination = ModelCodec.Destination(url: URL(fileURLWithPath: path), protected: protected, force: force,
                                                 onnxExternalData: onnxExternalData)
        try codec.write(try document.converted(to: form), destination)
    }
}

extension ModelDocument {
    /// The document in the requested form (`nil` keeps it as it is).
    func converted(to form: ModelFile.Form?) throws -> ModelDocument {
        switch (self, form) {
        case (.network(let network), .implicit?): return .implicit(try ImplicitModel(assembling: network))
        case (.implicit, .network?):
            throw ModelError.noNetworkForm
        default: return self
        }
    }
}
