/// What a state block (or a network layer) applies to its pre-activation z: one activation for
/// every state, or one per state.
///
/// `perState` is a PReLU with a slope per unit: one block whose state i is
/// `leaky_relu:s_i`. Its array has one entry per state of the block (checked by the model's
/// and the network's validation) and is built through `init(activations:)`, which gives
/// `elementwise` when all entries agree, so a uniform block has one spelling.
public enum StateMap: Sendable, Hashable {
    case elementwise(Activation)
    case perState([Activation])

    /// `.elementwise(φ)` when every entry is φ, else `.perState(activations)`.
    public init(activations: [Activation]) {
        if let first = activations.first, activations.allSatisfy({ $0 == first }) {
            self = .elementwise(first)
        } else {
            self = .perState(activations)
        }
    }

    /// φ of state i (0-based within the block).
    public func activation(ofState i: Int) -> Activation {
        switch self {
        case .elementwise(let phi): return phi
        case .perState(let phis): return phis[i]
        }
    }

    /// One activation per state of a block of `size` states.
    public func activations(size: Int) -> [Activation] {
        switch self {
        case .elementwise(let phi): return [Activation](repeating: phi, count: size)
        case .perState(let phis): return phis
        }
    }

    /// The activation every state shares; nil for a per-state map.
    public var sharedActivation: Activation? {
        if case .elementwise(let phi) = self { return phi }
        return nil
    }

    /// The largest Lipschitz constant of the block's activations.
    public var lipschitzConstant: Double {
        switch self {
        case .elementwise(let phi): return phi.lipschitzConstant
        case .perState(let phis): return phis.map(\.lipschitzConstant).max() ?? 0
        }
    }

    /// The map of the states `indices` of the block, in that order.
    public func restricted(to indices: [Int]) -> StateMap {
        switch self {
        case .elementwise: return self
        case .perState(let phis): return StateMap(activations: indices.map { phis[$0] })
        }
    }

    /// For messages and summaries: the shared activation's name, or the per-state names.
    public var description: String {
        switch self {
        case .elementwise(let phi): return phi.name
        case .perState(let phis): return "per state: " + phis.map(\.name).joined(separator: ", ")
        }
    }

    /// x = φ(z) in place for a block of `rows` states, z column-major `rows` × m (one sample
    /// per column).
    public func apply(toColumns z: inout [Double], rows: Int) {
        switch self {
        case .elementwise(let phi):
            phi.apply(&z)
        case .perState(let phis):
            guard rows > 0 else { return }
            for k in z.indices { z[k] = phis[k % rows](z[k]) }
        }
    }

    /// The float32 kernel of `apply(toColumns:rows:)` (`Activation.apply(toFloat32:)` per state).
    public func apply(toFloat32Columns z: UnsafeMutableBufferPointer<Float>, rows: Int) {
        switch self {
        case .elementwise(let phi):
            phi.apply(toFloat32: z)
        case .perState(let phis):
            guard rows > 0 else { return }
            for k in z.indices { phis[k % rows].apply(toFloat32: UnsafeMutableBufferPointer(rebasing: z[k..<(k + 1)])) }
        }
    }
}
