import ImplicitModel
import ImplicitTestSupport
import Linalg

/// Models for the bounds tests: a feedforward chain and a model with a cyclic component, both
/// with random weights and one activation throughout.
enum BoundsTestModels {
    /// u (3) → h0 (5) → h1 (4) → y (2), and a skip term u → y.
    static func feedforward(_ activation: Activation, using rng: inout SeededGenerator) throws -> ImplicitModel {
        var model = ImplicitModel.Builder(input: Port(name: "u", size: 3), output: Port(name: "y", size: 2),
                                          states: [StateBlock(name: "h0", size: 5, activation: activation),
                                                   StateBlock(name: "h1", size: 4, activation: activation)])
        model.b[0, 0] = rng.matrix(5, 3)
        model.a[1, 0] = rng.matrix(4, 5, scale: 0.6)
        model.c[0, 1] = rng.matrix(2, 4)
        model.d = rng.matrix(2, 3, scale: 0.3)
        model.biasX = rng.vector(9, scale: 0.5)
        model.biasY = rng.vector(2)
        return try model.build()
    }

    /// u (3) → h (4, ReLU) → cyclic {z (3), w (2)} with ‖A_cc‖∞ = kappa / Lip(φ) → y (2): the
    /// reduction tests' model, scaled so that the interval iteration contracts for every φ.
    static func implicit(_ activation: Activation, kappa: Double = 0.8, using rng: inout SeededGenerator) throws -> ImplicitModel {
        try ReductionIntervalTests.model(activation: activation, kappa: kappa / Swift.max(1, activation.lipschitzConstant), using: &rng)
    }

    /// x = relu(A x + u), A = [[0.5, −2], [2, 0.5]]: I − A is a P-matrix (minors 0.5, 0.5, 4.25), so
    /// the model is well-posed, but the interval iteration cannot leave [0, ∞)² and the embedding's
    /// measure a_ii + |a_ij| is 2.5 (the Perron root of its Metzler majorant too).
    static func rotation() throws -> ImplicitModel {
        var model = ImplicitModel.Builder(input: Port(name: "u", size: 2), output: Port(name: "y", size: 1),
                                          states: [StateBlock(name: "z", size: 2, activation: .relu)])
        model.a[0, 0] = Matrix([[0.5, -2], [2, 0.5]])
        model.b[0, 0] = .identity(2)
        model.c[0, 0] = Matrix([[1, 1]])
        return try model.build()
    }

    /// Activations of every kind: piecewise linear, smooth monotone, non-monotone, clipped.
    static let activations: [Activation] = [
        .relu, .leakyReLU(alpha: 0.1), .tanh, .sigmoid, .identity, .gelu, .silu, .mish, .hardSwish,
        .elu(alpha: 1), .softplus, .softsign, .clip(lower: -0.5, upper: 0.5), .hardSigmoid(alpha: 0.2, beta: 0.5),
    ]
}
