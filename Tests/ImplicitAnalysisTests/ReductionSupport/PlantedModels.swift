import ImplicitModel
import ImplicitTestSupport

/// Models with reducible states planted at known places, and what the reductions must find.
enum PlantedModels {
    /// A feedforward model over 5 inputs in the box [0, 1]:
    /// - h1 (relu, 6): h1[0] constant (zero row, bias 0.7); h1[1] dead over [0, 1]⁵ (negative
    ///   weights from u0 and u4, bias −0.2); h1[2...5] ordinary;
    /// - h2 (tanh, 5): h2[0] reads only h1[0], so it becomes constant once h1[0] is folded;
    ///   h2[1] is read by nothing; h2[2] is read only by h3[3]; h2[3], h2[4] ordinary;
    /// - h3 (relu, 4): h3[3] is read by nothing (so h2[2] never reaches the output);
    /// - g (sigmoid, 2): read by nothing, the whole block disappears;
    /// - y (3 outputs) reads h2[0], h2[3], h2[4], h3[0...2], g nothing, and u0...u2 through D.
    /// u3 is read by nothing; u4 only by the dead unit, so it is ignored once that unit is gone.
    static func feedforward() throws -> ImplicitModel {
        var rng = SeededGenerator(seed: 2024)
        let p = 5, q = 3
        var model = ImplicitModel.Builder(input: Port(name: "u", size: p), output: Port(name: "y", size: q),
                                          states: [StateBlock(name: "h1", size: 6, activation: .relu),
                                                   StateBlock(name: "h2", size: 5, activation: .tanh),
                                                   StateBlock(name: "h3", size: 4, activation: .relu),
                                                   StateBlock(name: "g", size: 2, activation: .sigmoid)])
        var b1 = rng.matrix(6, p)
        for j in 0..<p { b1[0, j] = 0; b1[1, j] = 0 }
        b1[1, 0] = -0.8; b1[1, 4] = -1.3
        for i in 2..<6 { b1[i, 3] = 0; b1[i, 4] = 0 }
        model.b[0, 0] = b1

        var a21 = rng.matrix(5, 6, scale: 0.5)
        for j in 1..<6 { a21[0, j] = 0 }
        model.a[1, 0] = a21

        var a32 = rng.matrix(4, 5, scale: 0.5)
        for i in 0..<4 { a32[i, 1] = 0 }
        for i in 0..<3 { a32[i, 2] = 0 }
        a32[3, 2] = 0.9
        model.a[2, 1] = a32
        var b3 = rng.matrix(4, p, scale: 0.3)
        for i in 0..<4 { b3[i, 3] = 0; b3[i, 4] = 0 }
        model.b[2, 0] = b3

        model.a[3, 0] = rng.matrix(2, 6)
        model.b[3, 0] = rng.matrix(2, p)

        var c2 = rng.matrix(q, 5)
        for i in 0..<q { c2[i, 1] = 0; c2[i, 2] = 0 }
        model.c[0, 1] = c2
        var c3 = rng.matrix(q, 4)
        for i in 0..<q { c3[i, 3] = 0 }
        model.c[0, 2] = c3
        var d = rng.matrix(q, p)
        for i in 0..<q { d[i, 3] = 0; d[i, 4] = 0 }
        model.d = d

        model.biasX = rng.vector(17, scale: 0.3)
        model.biasX[0] = 0.7
        model.biasX[1] = -0.2
        // The ordinary ReLU units of h3 must be alive somewhere in the box.
        for i in 11..<14 { model.biasX[i] = 1 }
        model.biasY = rng.vector(q)
        return try model.build()
    }

    static let feedforwardSizes = ["h1": 4, "h2": 2, "h3": 3]
    static let feedforwardConstants = ["h1[0]", "h2[0]"]
    static let feedforwardDead = ["h1[1]"]
    static let feedforwardUnread = ["h2[1]", "h3[3]", "g[0]", "g[1]"]
    static let feedforwardUnreachable = ["h2[2]"]
    static let feedforwardIgnoredInputs = [3, 4]

    /// A chain u → c1 → c2 → c3 → y where c1 has a zero row: every block becomes constant in turn
    /// and the reduced model has no states at all (y = D u + c').
    static func constantChain() throws -> ImplicitModel {
        var rng = SeededGenerator(seed: 77)
        let blocks = [StateBlock(name: "c1", size: 3, activation: .relu),
                      StateBlock(name: "c2", size: 4, activation: .tanh),
                      StateBlock(name: "c3", size: 2, activation: .sigmoid)]
        var model = ImplicitModel.Builder(input: Port(name: "u", size: 2), output: Port(name: "y", size: 2), states: blocks)
        model.a[1, 0] = rng.matrix(4, 3)
        model.a[2, 1] = rng.matrix(2, 4)
        model.c[0, 2] = rng.matrix(2, 2)
        model.c[0, 0] = rng.matrix(2, 3)
        model.d = rng.matrix(2, 2)
        model.biasX = rng.vector(9)
        model.biasY = rng.vector(2)
        return try model.build()
    }

    /// One cyclic relu block x = relu(A x + B u + b) over 3 inputs in [0, 1], contractive
    /// (‖A‖∞ = 0.7), where unit 0 reads unit 1 with weight 0.5 and has bias −1: the interval
    /// fixed point bounds x_1 ≤ 1.2, so unit 0 is dead although one of its weights is positive.
    /// Units 1...4 are ordinary; y reads every unit.
    static func cyclicWithDeadUnit() throws -> ImplicitModel {
        var model = ImplicitModel.Builder(input: Port(name: "u", size: 3), output: Port(name: "y", size: 2),
                                          states: [StateBlock(name: "z", size: 5, activation: .relu)])
        model.a[0, 0] = Matrix([[0, 0.5, 0, 0, 0],
                                [0.1, 0, 0.2, -0.1, 0.1],
                                [0.2, -0.1, 0.1, 0.1, -0.1],
                                [-0.3, 0.1, 0, 0.2, 0.1],
                                [0.1, 0.1, -0.2, 0, 0.1]])
        model.b[0, 0] = Matrix([[0, 0, 0],
                                [0.5, 0.2, 0.1],
                                [-0.4, 0.3, 0.6],
                                [0.3, -0.2, 0.4],
                                [0.2, 0.2, -0.5]])
        model.c[0, 0] = Matrix([[1, 0.5, -0.5, 0.2, 0.3], [-0.2, 0.3, 0.4, -1, 0.5]])
        model.d = Matrix([[0.1, 0, -0.1], [0, 0.2, 0]])
        model.biasX = [-1, 0.4, 0.1, 0.2, 0.3]
        model.biasY = [0.05, -0.05]
        return try model.build()
    }
}
