import ImplicitModel
import Linalg

/// Random implicit models for property tests: block-sparse models on given state blocks, and a
/// two-block cyclic component.
public enum RandomModel {
    /// A model on the given state blocks where each block of A, B and C is present with
    /// probability `density` (the diagonal blocks of A always are), values in [-1, 1].
    public static func make(blocks: [StateBlock], inputs p: Int, outputs q: Int, density: Double = 0.5,
                            head: OutputHead = .none, using rng: inout SeededGenerator) throws -> ImplicitModel {
        var model = ImplicitModel.Builder(input: Port(name: "u", size: p), output: Port(name: "y", size: q),
                                          head: head, states: blocks)
        for (r, row) in blocks.enumerated() {
            for (c, col) in blocks.enumerated() where r == c || Double.random(in: 0..<1, using: &rng) < density {
                model.a[r, c] = rng.uniform(row.size, col.size, lo: -1, hi: 1)
            }
            if Double.random(in: 0..<1, using: &rng) < 0.8 { model.b[r, 0] = rng.uniform(row.size, p, lo: -1, hi: 1) }
            if Double.random(in: 0..<1, using: &rng) < 0.8 { model.c[0, r] = rng.uniform(q, row.size, lo: -1, hi: 1) }
        }
        model.d = rng.uniform(q, p, lo: -1, hi: 1)
        model.biasX = rng.uniform(model.biasX.count, 1, lo: -1, hi: 1).columnMajorElements
        model.biasY = rng.uniform(q, 1, lo: -1, hi: 1).columnMajorElements
        return try model.build()
    }

    /// Two cyclic blocks that read each other, so both form one block component: `h0` (ReLU, 3
    /// states, not contractive: a −2 diagonal) and `w` (tanh, 2 states, contractive); the other
    /// entries of A are N(0, 0.2²). `h0` is named like `RandomNetwork`'s first layer on purpose,
    /// so that compositions must rename.
    public static func twoBlockCycle(inputs: Int, outputs: Int, using generator: inout SeededGenerator) throws -> ImplicitModel {
        var model = ImplicitModel.Builder(input: Port(name: "u", size: inputs), output: Port(name: "y", size: outputs), states: [
            StateBlock(name: "h0", size: 3, activation: .relu),
            StateBlock(name: "w", size: 2, activation: .tanh),
        ])
        var z = generator.matrix(3, 3, scale: 0.2)
        for i in 0..<3 { z[i, i] = -2 }
        model.a[0, 0] = z
        model.a[0, 1] = generator.matrix(3, 2, scale: 0.2)
        model.a[1, 0] = generator.matrix(2, 3, scale: 0.2)
        model.a[1, 1] = generator.matrix(2, 2, scale: 0.2)
        model.b[0, 0] = generator.matrix(3, inputs)
        model.b[1, 0] = generator.matrix(2, inputs)
        model.c[0, 0] = generator.matrix(outputs, 3)
        model.c[0, 1] = generator.matrix(outputs, 2)
        model.d = generator.matrix(outputs, inputs, scale: 0.5)
        model.biasX = generator.vector(5)
        model.biasY = generator.vector(outputs)
        return try model.build()
    }
}
