import Foundation
import ImplicitModel

/// Reads and writes model files of every format, chosen by extension (`ModelFormat`).
public enum ModelFile {
    /// Options that only some importers use.
    public struct ReadOptions: Sendable {
        /// ONNX: the graph output to follow (default: the first float output we can convert).
        public var onnxOutput: String?

        public init(onnxOutput: String? = nil) {
            self.onnxOutput = onnxOutput
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
        if format == .onnx {
            let imported = try ONNXImporter(file: path, outputName: options.onnxOutput).read(readBytes(path))
            return (.network(imported.network), imported.notes)
        }
        return (try readDocument(path, format: format), [])
    }

    private static func readDocument(_ path: String, format: ModelFormat) throws -> ModelDocument {
        let data = try readBytes(path)
        switch format {
        case .yaml:
            guard let text = String(data: data, encoding: .utf8) else {
                throw FormatError(file: path, "the file is not UTF-8 text")
            }
            return try YAMLModelReader(file: path).read(text)
        case .protobufBinary:
            return try ProtobufModelReader(file: path).read(binary: data)
        case .protobufText:
            guard let text = String(data: data, encoding: .utf8) else {
                throw FormatError(file: path, "the file is not UTF-8 text")
            }
            return try ProtobufModelReader(file: path).read(text: text)
        default:
            throw FormatError(file: path, "reading .\(format.rawValue) is not supported")
        }
    }

    /// The bytes of a file, with a one-line error when it cannot be read.
    public static func readBytes(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FormatError(file: path, "no such file")
        }
        guard !isDirectory.boolValue else { throw FormatError(file: path, "is a folder, not a file") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw FormatError(file: path, "cannot be read: \(error.localizedDescription)")
        }
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
        default:
            throw FormatError(file: path, "writing .\(format.rawValue) is not supported")
        }
    }

    /// Encodes and writes atomically, never over an input and never over an existing file
    /// unless `force`.
    public static func write(_ document: ModelDocument, to path: String, form: Form? = nil,
                             inputs: [String], force: Bool) throws {
        let data = try encode(document, for: path, form: form)
        try AtomicFileWriter.write(data, to: path, inputs: inputs, force: force)
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
