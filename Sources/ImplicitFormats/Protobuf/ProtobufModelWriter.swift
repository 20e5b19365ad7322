import Foundation
import ImplicitModel
import SwiftProtobuf

/// Writes `ModelDocument`s as `implicit.v1.Model` protobuf: `.pb` binary or `.txtpb` text.
///
/// Every matrix is written dense (row-major) unless fewer than `sparseDensityThreshold` of its
/// entries are nonzero, then as a sparse coordinate list in row-major order. Values are
/// doubles, so `ProtobufModelReader` gives back an equal document.
public struct ProtobufModelWriter {
    /// A matrix with nonzeros below this fraction of its entries is written sparse: a COO entry
    /// costs about three times a dense one (two indices and the value), so below one third
    /// the sparse form is smaller.
    public static let sparseDensityThreshold = 1.0 / 3.0

    /// The `producer` field of every file written.
    public var producer = "ImplicitKit"

    public init() {}

    /// The binary encoding.
    /// - Throws: `FormatError` if SwiftProtobuf cannot encode the message (a message over 2 GiB).
    public func binary(_ document: ModelDocument, file: String) throws -> Data {
        do {
            return try message(document).serializedBytes()
        } catch {
            throw FormatError(file: file, "cannot be encoded as protobuf: \(error)")
        }
    }

    /// The text-format encoding.
    public func text(_ document: ModelDocument) -> String {
        message(document).textFormatString()
    }

    func message(_ document: ModelDocument) -> Implicit_V1_Model {
        var model = Implicit_V1_Model()
        model.producer = producer
        switch document {
        case .network(let network): model.network = message(network)
        case .implicit(let implicit): model.implicit = message(implicit, encode: matrix)
        }
        return model
    }

    // MARK: - Networks

    private func message(_ network: Network) -> Implicit_V1_Network {
        var out = Implicit_V1_Network()
        out.input = port(network.input)
        out.layers = network.layers.map { layer in
            var message = fieldsWithoutTerms(layer)
            message.terms = layer.terms.map(term)
            return message
        }
        var readout = fieldsWithoutTerms(network.output)
        readout.terms = network.output.terms.map(term)
        out.output = readout
        return out
    }

    /// Every field of a layer's message but its terms: name, activation (or one per unit),
    /// size and bias.
    func fieldsWithoutTerms(_ layer: Layer) -> Implicit_V1_Layer {
        var message = Implicit_V1_Layer()
        message.name = layer.name
        let (shared, perUnit) = activationFields(layer.map)
        if let shared { message.activation = shared }
        message.unitActivations = perUnit
        message.size = UInt64(layer.size)
        message.bias = layer.bias
        return message
    }

    /// Every field of a readout's message but its terms: name, size, bias and head.
    func fieldsWithoutTerms(_ readout: Readout) -> Implicit_V1_Readout {
        var message = Implicit_V1_Readout()
        message.name = readout.name
        message.size = UInt64(readout.size)
        message.bias = readout.bias
        message.head = head(readout.head)
        return message
    }

    private func term(_ term: Term) -> Implicit_V1_Term {
        var message = Implicit_V1_Term()
        message.source = term.source
        message.weight = matrix(term.weight)
        return message
    }

    // MARK: - Implicit models

    /// `encode` makes the message of each block of A, B and C, in that order (the streaming
    /// writer leaves the values of large dense blocks out and writes them itself).
    func message(_ model: ImplicitModel, encode: (Matrix) -> Implicit_V1_Matrix) -> Implicit_V1_ImplicitModel {
        var out = Implicit_V1_ImplicitModel()
        out.input = port(model.input)
        out.output = port(model.output)
        out.head = head(model.head)
        let offsets = model.stateOffsets
        out.states = model.states.enumerated().map { k, state in
            var message = Implicit_V1_StateBlock()
            message.name = state.name
            message.size = UInt64(state.size)
            let (shared, perState) = activationFields(state.map)
            if let shared { message.activation = shared }
            message.stateActivations = perState
            message.bias = Array(model.biasX[offsets[k]..<(offsets[k] + state.size)])
            return message
        }
        let names = model.states.map(\.name)
        func blocks(_ m: BlockSparseMatrix, row: (BlockIndex) -> String, col: (BlockIndex) -> String) -> [Implicit_V1_Block] {
            m.sortedBlocks.map { index, block in
                var message = Implicit_V1_Block()
                message.rowState = row(index)
                message.colState = col(index)
                message.values = encode(block)
                return message
            }
        }
        out.a = blocks(model.a, row: { names[$0.row] }, col: { names[$0.col] })
        out.b = blocks(model.b, row: { names[$0.row] }, col: { _ in "" })
        out.c = blocks(model.c, row: { _ in "" }, col: { names[$0.col] })
        if !model.d.isZero { out.d = matrix(model.d) }
        out.outputBias = model.biasY
        return out
    }

    // MARK: - Pieces

    /// How a layer or state block stores its map: one activation message (an elementwise map or
    /// a block map), or one per unit (`unit_activations` / `state_activations`).
    private func activationFields(_ map: StateMap) -> (shared: Implicit_V1_Activation?, perUnit: [Implicit_V1_Activation]) {
        switch map {
        case .elementwise(let phi): return (activation(phi), [])
        case .perState(let phis): return (nil, phis.map(activation))
        case .softmax, .layerNormalization: return (blockMapActivation(map), [])
        }
    }

    func port(_ port: ModelPort) -> Implicit_V1_Port {
        var message = Implicit_V1_Port()
        message.name = port.name
        message.size = UInt64(port.size)
        message.shape = (port.validShape ?? []).map { UInt64($0) }
        return message
    }

    func activation(_ activation: Activation) -> Implicit_V1_Activation {
        var message = Implicit_V1_Activation()
        switch activation {
        case .relu: message.kind = .relu
        case .leakyReLU(let alpha): message.kind = .leakyRelu; message.alpha = alpha
        case .tanh: message.kind = .tanh
        case .sigmoid: message.kind = .sigmoid
        case .identity: message.kind = .identity
        case .gelu: message.kind = .gelu
        case .geluTanh: message.kind = .geluTanh
        case .silu: message.kind = .silu
        case .swish(let beta): message.kind = .swish; message.beta = beta
        case .hardSigmoid(let alpha, let beta): message.kind = .hardSigmoid; message.alpha = alpha; message.beta = beta
        case .hardSwish: message.kind = .hardSwish
        case .elu(let alpha): message.kind = .elu; message.alpha = alpha
        case .selu: message.kind = .selu
        case .celu(let alpha): message.kind = .celu; message.alpha = alpha
        case .softplus: message.kind = .softplus
        case .softsign: message.kind = .softsign
        case .clip(let lower, let upper): message.kind = .clip; message.lower = lower; message.upper = upper
        case .thresholdedReLU(let alpha): message.kind = .thresholdedRelu; message.alpha = alpha
        case .mish: message.kind = .mish
        }
        return message
    }

    func head(_ head: OutputHead) -> Implicit_V1_Head {
        switch head {
        case .none: return .none
        case .softmax: return .softmax
        case .sigmoid: return .sigmoid
        }
    }

    /// True unless fewer than `sparseDensityThreshold` of the entries are nonzero; the scan stops
    /// as soon as enough nonzeros are seen.
    static func isStoredDense(_ m: Matrix) -> Bool {
        guard m.count > 0 else { return true }
        let needed = (sparseDensityThreshold * Double(m.count)).rounded(.up)
        return Double(m.nonzeroCount(stoppingAt: Int(needed))) >= needed
    }

    /// Dense, or sparse (COO, row-major order) below `sparseDensityThreshold`.
    func matrix(_ m: Matrix) -> Implicit_V1_Matrix {
        var out = Implicit_V1_Matrix()
        if !Self.isStoredDense(m) {
            let nonzeros = m.nonzeroCount()
            var sparse = Implicit_V1_SparseMatrix()
            sparse.rows = UInt64(m.rows)
            sparse.cols = UInt64(m.cols)
            sparse.rowIndices.reserveCapacity(nonzeros)
            sparse.colIndices.reserveCapacity(nonzeros)
            sparse.values.reserveCapacity(nonzeros)
            for i in 0..<m.rows {
                for j in 0..<m.cols where m[i, j] != 0 {
                    sparse.rowIndices.append(UInt64(i))
                    sparse.colIndices.append(UInt64(j))
                    sparse.values.append(m[i, j])
                }
            }
            out.sparse = sparse
        } else {
            var dense = Implicit_V1_DenseMatrix()
            dense.rows = UInt64(m.rows)
            dense.cols = UInt64(m.cols)
            dense.values = m.rowMajor
            out.dense = dense
        }
        return out
    }
}
