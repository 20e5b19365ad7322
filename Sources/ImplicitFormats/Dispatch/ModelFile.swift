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

        public init(onnxOutput: String? = nil, memoryLimit: MemoryLimit = .default) {
            self.onnxOutput = onnxOutput
            self.memoryLimit = memoryLimit
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
        let format = try ModelFormat(path: path)
        if format == .npz {
            // Read through the file system, so members are decompressed one at a time.
            return (.implicit(try NPZModelCodec.read(URL(fileURLWithPath: path), maxBytes: options.memoryLimit.bytes)), [])
        }
        if format == .onnx, (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular {
            // Mapped in place: weights are widened straight from the file, its pages released once
            // read. Anything but a regular file (a pipe, a folder) goes through `readBytes`.
            let imported = try ONNXImporter(file: path, outputName: options.onnxOutput, memoryLimit: options.memoryLimit)
                .read(contentsOf: path)
            return (.network(imported.network), imported.notes)
        }
        return try readWithNotes(data: readBytes(path), format: format, file: path, options: options)
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
        switch format {
        case .onnx:
            let imported = try ONNXImporter(file: file, outputName: options.onnxOutput, memoryLimit: options.memoryLimit).read(data)
            return (.network(imported.network), imported.notes)
        case .npz:
            return (.implicit(try NPZModelCodec.read(data: data, file: file, maxBytes: options.memoryLimit.bytes)), [])
        case .yaml:
            return (try YAMLModelReader(file: file, memoryLimit: options.memoryLimit).read(text(data, file: file)), [])
        case .protobufBinary:
            return (try ProtobufModelReader(file: file, limits: ProtobufReadLimits(memory: options.memoryLimit)).read(binary: data), [])
        case .protobufText:
            return (try ProtobufModelReader(file: file, limits: ProtobufReadLimits(memory: options.memoryLimit)).read(text: text(data, file: file)), [])
        }
    }

    private static func text(_ data: Data, file: String) throws -> String {
        guard let text = String(data: data, encoding: .utf8) else {
            throw FormatError(file: file, "the file is not UTF-8 text")
        }
        return text
    }

    /// The bytes of a file, with a one-line error when it cannot be read.
    public static func readBytes(_ path: String) throws -> Data {
        try InputFile.contents(ofPath: path, name: path)
    }

    /// Serializes a document in the format of `path`'s extension.
    ///
    /// `form` picks network or implicit where the format holds both (YAML, protobuf); a network
    /// is kept as a network by default, and `.implicit` assembles it. ONNX is written from the
    /// implicit form (a network is assembled first) and NPZ holds only implicit models.
    public static func encode(_ document: ModelDocument, for path: String, form: Form? = nil) throws -> Data {
        let format = try ModelFormat(path: path)
        let chosen = try document.converted(to: form)
        switch format {
        case .yaml:
            return Data(YAMLModelWriter().write(chosen).utf8)
        case .npz:
            throw FormatError(file: path, ".npz archives are streamed to disk; use ModelFile.write")
        case .protobufBinary:
            return try ProtobufModelWriter().binary(chosen, file: path)
        case .protobufText:
            return Data(ProtobufModelWriter().text(chosen).utf8)
        case .onnx:
            do {
                return try ONNXExporter().export(chosen.implicitModel())
            } catch let error as ONNXExportError {
                throw FormatError(file: path, error.description)
            }
        }
    }

    /// Encodes and writes atomically, never over an input (nor over the external data files an
    /// ONNX input reads) and never over an existing file unless `force`.
    /// - Parameter onnxExternalData: an `.onnx` output keeps its weights in `OUTPUT.data`
    ///   (`ONNXExporter.write`); they go there anyway past `ONNXExporter.externalDataThreshold`.
    public static func write(_ document: ModelDocument, to path: String, form: Form? = nil,
                             inputs: [String], force: Bool, onnxExternalData: Bool = false) throws {
        let url = URL(fileURLWithPath: path)
        let protected = (inputs + inputs.flatMap(ONNXImporter.externalDataFiles(ofModelAt:))).map { URL(fileURLWithPath: $0) }
        if try ModelFormat(path: path) == .onnx {
            do {
                try ONNXExporter().write(try document.converted(to: form).implicitModel(), to: url, externalData: onnxExternalData,
                                         refusingToOverwrite: protected, force: force)
            } catch let error as ONNXExportError {
                throw FormatError(file: path, error.description)
            }
            return
        }
        if try ModelFormat(path: path) == .npz {
            try NPZModelCodec.write(try document.implicitModel(), to: url, refusingToOverwrite: protected, force: force)
            return
        }
        if try ModelFormat(path: path) == .yaml {
            // Large matrices go to .npy files next to the document, written before it so that a
            // complete YAML file never references a missing array.
            let prefix = url.deletingPathExtension().lastPathComponent
            let (text, arrays) = YAMLModelWriter(externalPrefix: prefix).writeWithExternalArrays(try document.converted(to: form))
            // One plan: every side file and the document are checked before any is written.
            let folder = url.deletingLastPathComponent()
            var plan = WritePlan(protecting: protected, force: force)
            for (name, matrix) in arrays {
                plan.add(folder.appendingPathComponent(name), sideFileOf: url) { () throws(FormatError) in
                    NPYFile.encode(NumPyArray(matrix: matrix))
                }
            }
            plan.add(url) { () throws(FormatError) in Data(text.utf8) }
            try plan.commit()
            return
        }
        if try ModelFormat(path: path) == .protobufBinary {
            // Large weights go to the file in chunks rather than through one serialized message.
            try ProtobufModelWriter().writeBinary(try document.converted(to: form), to: url,
                                                  refusingToOverwrite: protected, force: force)
            return
        }
        let data = try encode(document, for: path, form: form)
        try AtomicFileWriter.write(data, to: url, refusingToOverwrite: protected, force: force)
    }
}

extension ModelDocument {
    /// The document in the requested form (`nil` keeps it as it is).
    func converted(to form: ModelFile.Form?) throws -> ModelDocument {
        switch (self, form) {
        case (.network(let network), .implicit?): return .implicit(try ImplicitModel(assembling: network))
        case (.implicit, .network?):
            throw ModelError.invalidModel("an implicit model cannot be written as a network; use --form implicit")
        default: return self
        }
    }
}
