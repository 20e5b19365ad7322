import Foundation
import ImplicitModel
import SwiftProtobuf

/// Reads an ONNX model into a `Network`, in two steps as tract does: bytes → ONNX messages
/// (`Onnx_ModelProto`, our subset schema; unknown fields skipped), then a walk of the graph from
/// one output back to the input through the operator registry (`ONNXOperatorRegistry`).
///
/// Every tensor is an affine expression in the input and the layers made so far (Gemm, MatMul,
/// Add, Sub, Mul/Div by constants, Concat, BatchNormalization, shape operators); each Relu,
/// LeakyRelu, Tanh or (non-head) Sigmoid closes its argument into a layer. A Sigmoid or Softmax
/// that reaches the output through shape operators only becomes the readout's head. The result
/// computes the same function as the graph, in double precision.
public struct ONNXImporter {
    /// The file name used in errors.
    public let file: String
    /// The graph output to follow; nil picks the first float output whose subgraph converts.
    public let outputName: String?
    /// What the graph may make the importer allocate: decoded weights, the expressions it
    /// builds (a product of thin weights can be far larger than they are), folded constants.
    public let memoryLimit: MemoryLimit
    /// 2-D FLOAT initializers read as they are stored, as matrices kept in float32
    /// (`Matrix.storage`), rather than widened on reading: for a caller that only streams the
    /// weights out again or computes in float32. The network means the same numbers either way.
    public let keepsFloat32Weights: Bool

    public init(file: String, outputName: String? = nil, memoryLimit: MemoryLimit = .default, keepsFloat32Weights: Bool = false) {
        self.file = file
        self.outputName = outputName
        self.memoryLimit = memoryLimit
        self.keepsFloat32Weights = keepsFloat32Weights
    }

    /// The operators the importer translates, sorted.
    public static var supportedOperators: [String] { ONNXOperatorRegistry.standard.supportedOperators }

    /// Reads a `.onnx` file's bytes. Tensors stored as external data cannot be read this way
    /// (there is no folder to read them from); `read(contentsOf:)` reads them.
    /// - Throws: `FormatError`, with the node at fault as the place:
    ///   `model.onnx: node 'sine_layer' (Sin): operator Sin is not supported; supported operators: …`.
    public func read(_ data: Data) throws -> ONNXImport {
        try read(decode(data))
    }

    /// Reads a `.onnx` file in place: the file is mapped, the graph decoded without the
    /// initializers' payloads (`ONNXRawDataSplitter`), and each weight widened (or, with
    /// `keepsFloat32Weights`, copied) straight from the mapping in the file's order, its pages released once read. Same result and errors as
    /// `read(_:)` on the file's bytes, without holding the file in memory twice.
    ///
    /// Initializers stored as external data (`data_location = EXTERNAL`) are mapped the same way
    /// from their files, which must lie inside the model's folder (`ONNXExternalDataFolder`).
    /// - Throws: `FormatError`, as `read(_:)`, and for external data with the initializer as the
    ///   place: `m.onnx: initializer 'fc.weight': external data location '../w.bin' has a '..' component; …`.
    public func read(contentsOf path: String) throws -> ONNXImport {
        let mapping = try MappedFile(path: path)
        return try withExtendedLifetime(mapping) {
            var model: Onnx_ModelProto
            var releases: [String: () -> Void] = [:]
            if let split = ONNXRawDataSplitter.split(mapping.bytes) {
                model = try decode(split.skeleton)
                for (k, range) in split.rawData where k < model.graph.initializer.count {
                    model.graph.initializer[k].rawData = mapping.data(range)
                    releases[model.graph.initializer[k].name] = { mapping.release(range) }
                }
            } else {
                model = try decode(mapping.data(0..<mapping.bytes.count))
            }
            let folder = try attachExternalData(to: &model, modelPath: path, releases: &releases)
            return try withExtendedLifetime(folder) {
                try read(model, release: { name in releases[name]?() })
            }
        }
    }

    /// The external data files an `.onnx` file names, as paths in its folder; empty for any
    /// other file, or one that does not decode. Only the model file is read, so that a writer
    /// can refuse to overwrite the files its input model reads.
    public static func externalDataFiles(ofModelAt path: String) -> [String] {
        guard (try? ModelFormat(path: path)) == .onnx, let mapping = try? MappedFile(path: path) else { return [] }
        return withExtendedLifetime(mapping) {
            var options = BinaryDecodingOptions()
            options.discardUnknownFields = true
            guard let split = ONNXRawDataSplitter.split(mapping.bytes),
                  let model = try? Onnx_ModelProto(serializedBytes: split.skeleton, options: options) else { return [] }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            let locations = Set(model.graph.initializer.compactMap { try? ONNXExternalReference($0)?.location })
            return locations.sorted().map { folder.appendingPathComponent($0).path }
        }
    }

    private func decode<Bytes: SwiftProtobufContiguousBytes>(_ bytes: Bytes) throws -> Onnx_ModelProto {
        var options = BinaryDecodingOptions()
        options.discardUnknownFields = true
        do {
            return try Onnx_ModelProto(serializedBytes: bytes, options: options)
        } catch {
            throw FormatError(file: file, "not an ONNX model: \(ProtobufDecodingFailure.describe(error))")
        }
    }

    /// Replaces each external initializer's reference by a slice of its mapped file, after
    /// checking the reference, the file and the range (`ONNXExternalDataFolder`).
    /// - Returns: the folder that holds the mappings (nil when no tensor is external); the
    ///   slices are valid while it lives.
    private func attachExternalData(to model: inout Onnx_ModelProto, modelPath: String,
                                    releases: inout [String: () -> Void]) throws -> ONNXExternalDataFolder? {
        var folder: ONNXExternalDataFolder?
        for k in model.graph.initializer.indices {
            let tensor = model.graph.initializer[k]
            let place = "initializer '\(ONNXExternalReference.shown(tensor.name))'"
            do {
                guard let reference = try ONNXExternalReference(tensor) else { continue }
                let resolver = try folder ?? ONNXExternalDataFolder(modelPath: modelPath)
                folder = resolver
                let (data, release) = try resolver.bytes(of: reference, expectedLength: ONNXExternalDataFolder.expectedLength(tensor))
                model.graph.initializer[k].rawData = data
                model.graph.initializer[k].externalData = []
                model.graph.initializer[k].dataLocation = .default
                releases[tensor.name] = release
            } catch let failure as ONNXNodeFailure {
                throw failure.error(in: file, at: place)
            }
        }
        return folder
    }

    /// Converts decoded ONNX messages (the second step). `release` is told when an initializer's
    /// payload has been read, so that a mapped file can drop its pages.
    func read(_ model: Onnx_ModelProto, release: @escaping (String) -> Void = { _ in }) throws -> ONNXImport {
        var index = try ONNXGraphIndex(file: file, model: model)
        index.releaseRawData = release
        let outputs = index.graph.output.map(\.name)
        if let outputName {
            guard outputs.contains(outputName) else {
                throw FormatError(file: file, "the graph has no output '\(outputName)'; its outputs are \(outputs.map { "'\($0)'" }.joined(separator: ", "))")
            }
            return try walk(index, to: outputName)
        }
        let candidates = index.floatOutputs
        guard !candidates.isEmpty else {
            let kinds = index.graph.output.map { "'\($0.name)' (\(ONNXImporter.typeName($0)))" }.joined(separator: ", ")
            throw FormatError(file: file, "no graph output is a float tensor: \(kinds); a classifier converted by skl2onnx needs options={'zipmap': False}")
        }
        var firstFailure: Error?
        for candidate in candidates {
            do {
                return try walk(index, to: candidate)
            } catch {
                firstFailure = firstFailure ?? error
            }
        }
        throw firstFailure ?? FormatError(file: file, "no output could be converted")
    }

    private func walk(_ index: ONNXGraphIndex, to output: String) throws -> ONNXImport {
        let walker = ONNXGraphWalker(index: index, registry: .standard, outputName: output, memory: MemoryBudget(memoryLimit),
                                     keepsFloat32Weights: keepsFloat32Weights)
        let network = try walker.run()
        do {
            _ = try network.topologicalOrder()
        } catch let error as ModelError {
            throw FormatError(file: file, place: "output '\(output)'", error.description)
        }
        return ONNXImport(network: network, outputName: output, notes: walker.notes, weightPrecision: index.weightPrecision)
    }

    private static func typeName(_ value: Onnx_ValueInfoProto) -> String {
        guard case .tensorType(let t)? = value.type.value else { return "not a tensor" }
        return ONNXDataType.name(t.elemType)
    }
}
