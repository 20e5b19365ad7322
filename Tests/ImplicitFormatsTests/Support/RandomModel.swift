import ImplicitModel
import ImplicitTestSupport

/// Random implicit models for round-trip tests.
enum RandomModel {
    /// A model on the given state blocks where each block of A, B and C is present with
    /// probability `density` (the diagonal blocks of A always are), values in [-1, 1].
    static func make(blocks: [StateBlock], inputs p: Int, outputs q: Int, density: Double = 0.5,
                     head: OutputHead = .none, using rng: inout SeededGenerator) throws -> ImplicitModel {
        var model = ImplicitModel.Builder(input: Port(name: "u", size: p), output: Port(name: "y", size: q),
                                          head: head, states: blocks)
        func random(_ rows: Int, _ cols: Int) -> Matrix {
            Matrix(rows: rows, cols: cols, columnMajor: (0..<(rows * cols)).map { _ in Double.random(in: -1...1, using: &rng) })
        }
        for (r, row) in blocks.enumerated() {
            for (c, col) in blocks.enumerated() where r == c || Double.random(in: 0..<1, using: &rng) < density {
                model.a[r, c] = random(row.size, col.size)
            }
            if Double.random(in: 0..<1, using: &rng) < 0.8 { model.b[r, 0] = random(row.size, p) }
            if Double.random(in: 0..<1, using: &rng) < 0.8 { model.c[0, r] = random(q, row.size) }
        }
        model.d = random(q, p)
        model.biasX = random(model.biasX.count, 1).columnMajorElements
        model.biasY = random(q, 1).columnMajorElements
        return try model.build()
    }
}
