import ImplicitModel
import ImplicitTestSupport
import Linalg

/// Models for the bounds tests: a feedforward chain and a model with a cyclic component, both
/// with random weights and one activation throughout.
enum BoundsTestModels {
    /// u (3) → h0 (5) → h1 (4) → y (2), and a skip term u → y.
    static func feedforward(_ activation: Activation, using rng: inout SeededGenerator) -> ImplicitModel {
        var model = ImplicitModel(input: Port(name: "u", size: 3), output: Port(name: "y", size: 2),
                                  states: [StateBlock(name: "h0", size: 5, activation: activation),
                                           StateBlock(name: "h1", size: 4, activation: activation)])
        model.b[0, 0] = rng.matrix(5, 3)
        model.a[1, 0] = rng.matrix(4, 5, scale: 0.6)
        model.c[0, 1] = rng.matrix(2, 4)
        model.d = rng.matrix(2, 3, scale: 0.3)
        model.biasX = rng.vector(9, scale: 0.5)
        model.biasY = rng.vector(2)
        return model
    }

    /// u (3) → h (4, ReLU) → cyclic {z (3), w (2)} with ‖A_cc‖∞ = kappa / Lip(φ) → y (2).
    static func implicit(_ activation: Activation, kappa: Double = 0.8, using rng: inout SeededGenerator) -> ImplicitModel {
        var model = ImplicitModel(input: Port(name: "u", size: 3), output: Port(name: "y", size: 2),
                                  states: [StateBlock(name: "h", size: 4, activation: .relu),
                                           StateBlock(name: "z", size: 3, activation: activation),
                                           StateBlock(name: "w", size: 2, activation: activation)])
        model.b[0, 0] = rng.matrix(4, 3)
        model.a[1, 0] = rng.matrix(3, 4, scale: 0.5)
        var cyclic = rng.matrix(5, 5)
        cyclic.scale(by: kappa / (cyclic.normInf * Swift.max(1, activation.lipschitzConstant)))
        let blocks = BlockSparseMatrix(dense: cyclic, rowBlockSizes: [3, 2], colBlockSizes: [3, 2])
        for (index, block) in blocks.sortedBlocks { model.a[index.row + 1, index.col + 1] = block }
        model.b[2, 0] = rng.matrix(2, 3)
        model.c[0, 1] = rng.matrix(2, 3)
        model.c[0, 2] = rng.matrix(2, 2)
        model.biasX = rng.vector(9, scale: 0.5)
        return model
    }

    /// Activations of every kind: piecewise linear, smooth monotone, non-monotone, clipped.
    static let activations: [Activation] = [
        .relu, .leakyReLU(alpha: 0.1), .tanh, .sigmoid, .identity, .gelu, .silu, .mish, .hardSwish,
        .elu(alpha: 1), .softplus, .softsign, .clip(lower: -0.5, upper: 0.5), .hardSigmoid(alpha: 0.2, beta: 0.5),
    ]
}
