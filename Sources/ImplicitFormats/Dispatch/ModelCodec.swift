import Foundation
import ImplicitModel

/// How one model format is read and written: the single table `ModelFile` dispatches through,
/// so that reading, encoding and writing a format are decided in one place.
///
/// `encode` gives the whole file as bytes (weights inline; fuzzers and round trips use it) and
/// `write` puts the same document on disk atomically through one `WritePlan`, every large
/// weight streamed from its matrix into the file a band of rows at a time (`Streaming/`), for
/// network and implicit documents alike: `.pb` writes dense blocks and terms in chunks, `.npz`
/// writes each member from its blocks (`ZIPStreamWriter`), YAML puts large matrices in `.npy`
/// files beside the document (so its bytes differ from `encode`'s, which inlines them), ONNX
/// writes its float32 initializers as it rounds them, inline or in `OUTPUT.data` when asked or
/// past `ONNXExporter.externalDataThreshold`. For `.pb`, `.txtpb` and `.onnx` (inline) the
/// written bytes equal `encode`'s.
struct ModelCodec: Sendable {
    /// Whether the format holds networks; a network is assembled before a codec that does not.
    let holdsNetworks: Bool
    /// Bytes in memory → the document, the importer's notes, and the width of the stored weights.
    let decode: @Sendable (_ data: Data, _ file: String, _ options: ModelFile.ReadOptions) throws -> ModelFile.LoadedModel
    /// The document as one file's bytes; nil for a format that is only streamed to disk (`.npz`).
    let encode: (@Sendable (_ document: ModelDocument, _ file: String) throws -> Data)?
    /// The document written atomically to its destination.
    let write: @Sendable (_ document: ModelDocument, _ destination: Destination) throws -> Void

    /// Where and how a document is written: never over `protected`, over an existing file only
    /// with `force`; `onnxExternalData` keeps an `.onnx` file's weights in `OUTPUT.data`.
    struct Destination: Sendable {
        let url: URL
        let protected: [URL]
        let force: Bool
        var onnxExternalData = false
    }

    static func of(_ format: ModelFormat) -> ModelCodec {
        switch format {
        case .yaml: return yaml
        case .protobufBinary: return protobufBinary
        case .protobufText: return protobufText
        case .onnx: return onnx
        case .npz: return npz
        }
    }

    /// Writes `encode`'s bytes atomically.
    private static func writeEncoded(_ encode: @escaping @Sendable (ModelDocument, String) throws -> Data)
        -> @Sendable (ModelDocument, Destination) throws -> Void
    {
        { document, to in
            try AtomicFileWriter.write(try encode(document, to.url.path), to: to.url, refusingToOverwrite: to.protected, force: to.force)
        }
    }

    private static func text(_ data: Data, file: String) throws -> String {
        guard let text = String(data: data, encoding: .utf8) else {
            throw FormatError(file: file, "the file is not UTF-8 text")
        }
        return text
    }

    private static func float64(_ document: ModelDocument) -> ModelFile.LoadedModel {
        ModelFile.LoadedModel(document: document, notes: [], weightPrecision: .float64)
    }

    static let yaml = ModelCodec(
        holdsNetworks: true,
        decode: { data, file, options in
            float64(try YAMLModelReader(file: file, memoryLimit: options.memoryLimit).read(text(data, file: file)))
        },
        encode: { document, _ in Data(YAMLModelWriter().write(document).utf8) },
        write: { document, to in
            // Large matrices go to .npy files next to the document, each streamed from its
            // matrix, written before it so that a complete YAML file never references a missing array. One plan: every side file and
            // the document are checked before any is written.
            let prefix = to.url.deletingPathExtension().lastPathComponent
            let (text, arrays) = YAMLModelWriter(externalPrefix: prefix).writeWithExternalArrays(document)
            let folder = to.url.deletingLastPathComponent()
            var plan = WritePlan(protecting: to.protected, force: to.force)
            for (name, matrix) in arrays {
                let side = folder.appendingPathComponent(name)
                plan.add(side, sideFileOf: to.url) { temporary throws(FormatError) in
                    try NPYFile.write(matrix, toNewFile: temporary.path, reportedAs: side.path)
                }
            }
            plan.add(to.url) { () throws(FormatError) in Data(text.utf8) }
            try plan.commit()
        })

    static let protobufBinary = ModelCodec(
        holdsNetworks: true,
        decode: { data, file, options in
            float64(try ProtobufModelReader(file: file, limits: ProtobufReadLimits(memory: options.memoryLimit)).read(binary: data))
        },
        encode: { document, file in try ProtobufModelWriter().binary(document, file: file) },
        write: { document, to in
            // Large weights go to the file in chunks rather than through one serialized message.
            try ProtobufModelWriter().writeBinary(document, to: to.url, refusingToOverwrite: to.protected, force: to.force)
        })

    private static let encodeText: @Sendable (ModelDocument, String) throws -> Data = { document, _ in
        Data(ProtobufModelWriter().text(document).utf8)
    }

    static let protobufText = ModelCodec(
        holdsNetworks: true,
        decode: { data, file, options in
            float64(try ProtobufModelReader(file: file, limits: ProtobufReadLimits(memory: options.memoryLimit)).read(text: text(data, file: file)))
        },
        encode: encodeText,
        write: writeEncoded(encodeText))

    private static let encodeONNX: @Sendable (ModelDocument, String) throws -> Data = { document, file in
        do {
            return try ONNXExporter().export(document.implicitModel())
        } catch let error as ONNXExportError {
            throw FormatError(file: file, error.description)
        }
    }

    static let onnx = ModelCodec(
        holdsNetworks: false,
        decode: { data, file, options in
            let imported = try ONNXImporter(file: file, outputName: options.onnxOutput, memoryLimit: options.memoryLimit,
                                            keepsFloat32Weights: options.keepsFloat32Weights).read(data)
            return ModelFile.LoadedModel(document: .network(imported.network), notes: imported.notes,
                                         weightPrecision: imported.weightPrecision)
        },
        encode: encodeONNX,
        write: { document, to in
            // The graph, with its weights inline or (asked for, or past the exporter's threshold)
            // in OUTPUT.data beside it.
            do {
                try ONNXExporter().write(try document.implicitModel(), to: to.url, externalData: to.onnxExternalData,
                                         refusingToOverwrite: to.protected, force: to.force)
            } catch let error as ONNXExportError {
                throw FormatError(file: to.url.path, error.description)
            }
        })

    static let npz = ModelCodec(
        holdsNetworks: false,
        decode: { data, file, options in
            float64(.implicit(try NPZModelCodec.read(data: data, file: file, maxBytes: options.memoryLimit.bytes)))
        },
        encode: nil,
        write: { document, to in
            try NPZModelCodec.write(try document.implicitModel(), to: to.url, refusingToOverwrite: to.protected, force: to.force)
        })
}
