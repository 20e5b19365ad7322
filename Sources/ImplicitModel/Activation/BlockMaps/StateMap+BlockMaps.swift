extension StateMap {
    /// The names block maps carry in every format (YAML and protobuf `activation`, NPZ
    /// `activation` strings of each of the block's states).
    public static let softmaxName = "softmax"
    public static let layerNormalizationName = "layer_normalization"

    /// A Lipschitz constant of the block's map in ℓ2: the largest activation's for elementwise
    /// maps, ½ for softmax, ‖γ‖∞ / √ε for layer normalisation.
    public var lipschitzConstant2: Double {
        switch self {
        case .elementwise, .perState, .softmax: return lipschitzConstant
        case .layerNormalization(let norm): return norm.lipschitzConstant2
        }
    }

    /// x = map(z) for one sample of a block map, in place; elementwise maps apply state by state.
    public func applyBlock(_ z: UnsafeMutableBufferPointer<Double>) {
        switch self {
        case .elementwise(let phi): for i in z.indices { z[i] = phi(z[i]) }
        case .perState(let phis): for i in z.indices { z[i] = phis[i](z[i]) }
        case .softmax: BlockSoftmax.apply(z)
        case .layerNormalization(let norm): norm.apply(z)
        }
    }

    /// ∂x/∂z at z for one sample (row-major n × n): diagonal for elementwise maps.
    public func jacobian(at z: [Double]) -> [Double] {
        let n = z.count
        switch self {
        case .elementwise, .perState:
            var jacobian = [Double](repeating: 0, count: n * n)
            for i in 0..<n { jacobian[i * n + i] = activation(ofState: i).derivative(z[i]) }
            return jacobian
        case .softmax: return BlockSoftmax.jacobian(at: z)
        case .layerNormalization(let norm): return norm.jacobian(at: z)
        }
    }

    /// φ of state i for an elementwise or per-state map.
    func activation(ofState i: Int) -> Activation {
        switch self {
        case .elementwise(let phi): return phi
        case .perState(let phis): return phis[i]
        case .softmax, .layerNormalization: preconditionFailure("a block map has no per-state activation")
        }
    }

    /// The interval image of z ∈ [lower, upper] for one sample (sound, see `BlockSoftmax.range`
    /// and `LayerNormalization.intervalImage`): elementwise maps through `Activation.intervalImage`.
    public func range(lower: [Double], upper: [Double]) -> (lower: [Double], upper: [Double]) {
        switch self {
        case .elementwise, .perState:
            var lo = lower, hi = upper
            for i in lower.indices { (lo[i], hi[i]) = activation(ofState: i).intervalImage(lower: lower[i], upper: upper[i]) }
            return (lo, hi)
        case .softmax:
            return BlockSoftmax.range(lower: lower, upper: upper)
        case .layerNormalization(let norm):
            return norm.intervalImage(lower: lower, upper: upper)
        }
    }
}
