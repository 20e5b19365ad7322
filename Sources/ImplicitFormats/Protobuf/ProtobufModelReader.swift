import Foundation
import ImplicitModel
import SwiftProtobuf

/// Reads our protobuf model files (`schemas/implicit.proto`, package `implicit.v1`): `.pb`
/// binary and `.txtpb` text format, either document kind.
///
/// Two steps, as for every importer: bytes → `Implicit_V1_Model` (SwiftProtobuf), then
/// message → `ModelDocument`, validating every size, index, name and value on the way. Errors
/// name the message path of the fault, e.g. `implicit.a[3].values.sparse: …`.
public struct ProtobufModelReader {
    /// The file name used in errors.
    public let file: String
    public let limits: ProtobufReadLimits

    public init(file: String, limits: ProtobufReadLimits = ProtobufReadLimits()) {
        self.file = file
        self.limits = limits
    }

    /// Reads a binary (`.pb`) file.
    /// - Throws: `FormatError` for bytes that are not an `implicit.v1.Model` or a model that is
    ///   inconsistent.
    public func read(binary data: Data) throws -> ModelDocument {
        try document(decoding: "a binary implicit.v1.Model protobuf") { try Implicit_V1_Model(serializedBytes: data) }
    }

    /// Reads a text-format (`.txtpb`) file.
    /// - Throws: `FormatError` as `read(binary:)`.
    public func read(text: String) throws -> ModelDocument {
        try document(decoding: "a text-format implicit.v1.Model") { try Implicit_V1_Model(textFormatString: text) }
    }

    /// The document of the message `decode` makes; a decoding failure says the file is not
    /// `encoding` and why.
    private func document(decoding encoding: String, _ decode: () throws -> Implicit_V1_Model) throws -> ModelDocument {
        let message: Implicit_V1_Model
        do {
            message = try decode()
        } catch {
            throw FormatError(file: file, "not \(encoding): \(ProtobufDecodingFailure.describe(error))")
        }
        return try document(message)
    }

    /// The document a decoded message describes.
    func document(_ message: Implicit_V1_Model) throws -> ModelDocument {
        let budget = MemoryBudget(limits.memory)
        switch message.kind {
        case .network(let network): return .network(try read(network, budget: budget))
        case .implicit(let model): return .implicit(try read(model, budget: budget))
        case nil: throw FormatError(file: file, place: "model", "sets neither 'network' nor 'implicit'")
        }
    }

    // MARK: - Shared pieces

    func error(_ path: String, _ message: String) -> FormatError {
        FormatError(file: file, place: path, message)
    }

    /// Reserves from `budget` what the file implies at `path`; a refusal is an error there:
    /// `path: subject would need …`.
    func reserve(_ request: MemoryShortfall.Request, from budget: MemoryBudget, at path: String,
                 _ subject: String = "") throws(FormatError) {
        do { try budget.reserve(request) } catch { throw FormatError(file: file, place: path, refusing: subject, error) }
    }

    /// A size field as an Int within `limits.maximumDimension`.
    func dimension(_ value: UInt64, path: String, allowZero: Bool) throws -> Int {
        guard value <= UInt64(limits.maximumDimension) else {
            throw error(path, "size \(value) exceeds the reader's limit of \(limits.maximumDimension)")
        }
        guard allowZero || value > 0 else { throw error(path, "size must be positive") }
        return Int(value)
    }

    /// A port's name and size; names must be non-empty.
    func port(_ port: Implicit_V1_Port, isSet: Bool, path: String, allowEmpty: Bool) throws -> ModelPort {
        guard isSet else { throw error(path, "missing") }
        guard !port.name.isEmpty else { throw error(path + ".name", "must not be empty") }
        let size = try dimension(port.size, path: path + ".size", allowZero: allowEmpty)
        guard !port.shape.isEmpty else { return ModelPort(name: port.name, size: size) }
        let shape = try port.shape.map { try dimension($0, path: path + ".shape", allowZero: false) }
        let described = ModelPort(name: port.name, size: size, shape: shape)
        guard described.validShape != nil else {
            throw error(path + ".shape", "\(shape) does not describe the \(size) entries as two or more positive extents")
        }
        return described
    }

    /// A block's or layer's map: `activation` alone, or `size` per-state activations with
    /// `activation` unset (both, or neither, is refused).
    func map(_ shared: Implicit_V1_Activation, isSet: Bool, perState: [Implicit_V1_Activation], size: Int,
             path: String, perStateField: String) throws -> StateMap {
        guard !perState.isEmpty else {
            if isSet, let map = try blockMap(shared, size: size, path: path + ".activation") { return map }
            return .elementwise(try activation(shared, isSet: isSet, path: path + ".activation"))
        }
        guard !isSet else { throw error(path + ".activation", "must be unset when \(perStateField) is given") }
        guard perState.count == size else {
            throw error(path + "." + perStateField, "has \(perState.count) entries for \(size) states")
        }
        return StateMap(activations: try perState.enumerated().map { i, message in
            try activation(message, isSet: true, path: path + ".\(perStateField)[\(i)]")
        })
    }

    func activation(_ message: Implicit_V1_Activation, isSet: Bool, path: String) throws -> Activation {
        guard isSet else { throw error(path, "missing") }
        func finite(_ value: Double, _ field: String) throws -> Double {
            guard value.isFinite else { throw error(path + "." + field, "must be finite") }
            return value
        }
        let activation: Activation
        switch message.kind {
        case .relu: return .relu
        case .tanh: return .tanh
        case .sigmoid: return .sigmoid
        case .identity: return .identity
        case .gelu: return .gelu
        case .geluTanh: return .geluTanh
        case .silu: return .silu
        case .hardSwish: return .hardSwish
        case .selu: return .selu
        case .softplus: return .softplus
        case .softsign: return .softsign
        case .mish: return .mish
        case .leakyRelu: return .leakyReLU(alpha: try finite(message.alpha, "alpha"))
        case .elu: return .elu(alpha: try finite(message.alpha, "alpha"))
        case .thresholdedRelu: return .thresholdedReLU(alpha: try finite(message.alpha, "alpha"))
        case .hardSigmoid: return .hardSigmoid(alpha: try finite(message.alpha, "alpha"), beta: try finite(message.beta, "beta"))
        case .swish: activation = .swish(beta: try finite(message.beta, "beta"))
        case .celu: activation = .celu(alpha: try finite(message.alpha, "alpha"))
        case .clip: activation = .clip(lower: message.lower, upper: message.upper)
        case .softmax, .layerNormalization:
            throw error(path + ".kind", "is a block map (\(message.kind)), which applies to a whole block: give it as the block's shared activation, not per state")
        case .activationUnspecified:
            throw error(path + ".kind", "is ACTIVATION_UNSPECIFIED; name the activation")
        case .UNRECOGNIZED(let value):
            throw error(path + ".kind", "unknown activation kind \(value)")
        }
        // The parameters with a domain are checked by the one parser of activation names.
        guard Activation(name: activation.name) == activation else {
            throw error(path, "'\(activation.name)' has a parameter outside its domain (swish beta > 0, celu alpha > 0, clip lower ≤ upper, not NaN)")
        }
        return activation
    }

    func head(_ head: Implicit_V1_Head, path: String) throws -> OutputHead {
        switch head {
        case .none: return .none
        case .softmax: return .softmax
        case .sigmoid: return .sigmoid
        case .UNRECOGNIZED(let value): throw error(path, "unknown head \(value)")
        }
    }

    /// A bias: `count` values, or zeros when empty.
    func bias(_ values: [Double], count: Int, path: String, budget: MemoryBudget) throws -> [Double] {
        if values.isEmpty {
            try reserve(.doubles(count), from: budget, at: path)
            return [Double](repeating: 0, count: count)
        }
        guard values.count == count else { throw error(path, "has \(values.count) values, expected \(count)") }
        if let i = values.firstIndex(where: { !$0.isFinite }) { throw error("\(path)[\(i)]", "is not finite") }
        return values
    }

    /// Maps a model-level inconsistency found after reading to an error at `path`.
    func rethrowModelError<T>(at path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let modelError as ModelError {
            throw error(path, modelError.description)
        }
    }
}
