/// What a state block (or a network layer) applies to its pre-activation z: one activation for
/// every state, one per state, or a map of the whole block.
///
/// `perState` is a PReLU with a slope per unit: one block whose state i is
/// `leaky_relu:s_i`. Its array has one entry per state of the block (checked by the model's
/// and the network's validation) and is built through `init(activations:)`, which gives
/// `elementwise` when all entries agree, so a uniform block has one spelling.
///
/// `softmax` and `layerNormalization` are block maps: state i depends on every zⱼ of the block,
/// so they have no per-state activation (`activations(size:)` is nil) and the analyses that
/// reason state by state (slope boxes, P-matrix criteria, per-state pruning) do not apply to
/// them (`StateMap+BlockMaps.swift`).
public enum StateMap: Sendable, Hashable {
    case elementwise(Activation)
    case perState([Activation])
    /// x = softmax(z) over the block (`BlockSoftmax`).
    case softmax
    /// x = LN(z) over the block (`LayerNormalization`; γ and β have one entry per state).
    case layerNormalization(LayerNormalization)

    /// `.elementwise(φ)` when every entry is φ, else `.perState(activations)`.
    public init(activations: [Activation]) {
        if let first = activations.first, activations.allSatisfy({ $0 == first }) {
            self = .elementwise(first)
        } else {
            self = .perState(activations)
        }
    }

    /// True for `softmax` and `layerNormalization`: maps that couple the block's states.
    public var isBlockMap: Bool {
        switch self {
        case .elementwise, .perState: return false
        case .softmax, .layerNormalization: return true
        }
    }

    /// One activation per state of a block of `size` states; nil for a block map.
    public func activations(size: Int) -> [Activation]? {
        switch self {
        case .elementwise(let phi): return [Activation](repeating: phi, count: size)
        case .perState(let phis): return phis
        case .softmax, .layerNormalization: return nil
        }
    }

    /// The activation every state shares; nil for a per-state or block map.
    public var sharedActivation: Activation? {
        if case .elementwise(let phi) = self { return phi }
        return nil
    }

    /// A Lipschitz constant of the block's map in ℓ∞ (for elementwise maps, in every ℓp): the
    /// largest of its activations', ½ for softmax, √n ‖γ‖∞ / √ε for layer normalisation.
    public var lipschitzConstant: Double {
        switch self {
        case .elementwise(let phi): return phi.lipschitzConstant
        case .perState(let phis): return phis.map(\.lipschitzConstant).max() ?? 0
        case .softmax: return BlockSoftmax.lipschitzConstant
        case .layerNormalization(let norm): return norm.lipschitzConstantInf
        }
    }

    /// The map of the states `indices` of the block, in that order; nil when a block map would
    /// lose states (softmax or LN over fewer units is another map).
    public func restricted(to indices: [Int], size: Int) -> StateMap? {
        switch self {
        case .elementwise: return self
        case .perState(let phis): return StateMap(activations: indices.map { phis[$0] })
        case .softmax, .layerNormalization: return indices == Array(0..<size) ? self : nil
        }
    }

    /// For messages and summaries: the shared activation's name, the per-state names, or the
    /// block map's name (`softmax`, `layer_normalization`).
    public var description: String {
        switch self {
        case .elementwise(let phi): return phi.name
        case .perState(let phis): return "per state: " + phis.map(\.name).joined(separator: ", ")
        case .softmax: return Self.softmaxName
        case .layerNormalization: return Self.layerNormalizationName
        }
    }

    /// x = φ(z) in place for a block of `rows` states, z column-major `rows` × m (one sample
    /// per column).
    public func apply(toColumns z: inout [Double], rows: Int) {
        guard rows > 0 else { return }
        switch self {
        case .elementwise(let phi):
            phi.apply(&z)
        case .perState(let phis):
            for k in z.indices { z[k] = phis[k % rows](z[k]) }
        case .softmax, .layerNormalization:
            z.withUnsafeMutableBufferPointer { buffer in
                var start = 0
                while start + rows <= buffer.count {
                    applyBlock(UnsafeMutableBufferPointer(rebasing: buffer[start..<(start + rows)]))
                    start += rows
                }
            }
        }
    }

    /// The float32 kernel of `apply(toColumns:rows:)` (`Activation.apply(toFloat32:)` per state;
    /// block maps evaluated in float64 per sample and rounded).
    public func apply(toFloat32Columns z: UnsafeMutableBufferPointer<Float>, rows: Int) {
        guard rows > 0 else { return }
        switch self {
        case .elementwise(let phi):
            phi.apply(toFloat32: z)
        case .perState(let phis):
            for k in z.indices { phis[k % rows].apply(toFloat32: UnsafeMutableBufferPointer(rebasing: z[k..<(k + 1)])) }
        case .softmax, .layerNormalization:
            var sample = [Double](repeating: 0, count: rows)
            var start = 0
            while start + rows <= z.count {
                for i in 0..<rows { sample[i] = Double(z[start + i]) }
                sample.withUnsafeMutableBufferPointer { applyBlock($0) }
                for i in 0..<rows { z[start + i] = Float(sample[i]) }
                start += rows
            }
        }
    }
}
