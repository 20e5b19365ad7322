import ImplicitModel

/// Sizes and costs of a model, for the before → after columns of a reduction report.
///
/// Costs count multiply-adds per sample as the nonzeros of the matrices involved: one sweep of a
/// fixed-point iteration multiplies A_cc of every cyclic component (`iterationCost`); everything
/// else (A outside the cyclic components, B, C, D) is done once (`forwardCost`). Blocks are stored
/// densely, so today's gemm does `storedEntriesOfA`; nonzeros are what a sparse kernel would do.
public struct ModelFigures: Codable, Sendable, Equatable {
    public struct Block: Codable, Sendable, Equatable {
        public let name: String
        public let size: Int
        public let activation: String
    }

    public struct Nonzeros: Codable, Sendable, Equatable {
        public let a: Int
        public let b: Int
        public let c: Int
        public let d: Int

        /// The matrices' own names, as in `implicit info --json`.
        enum CodingKeys: String, CodingKey {
            case a = "A", b = "B", c = "C", d = "D"
        }
    }

    public let states: Int
    public let inputs: Int
    public let outputs: Int
    public let blocks: [Block]
    public let nonzeros: Nonzeros
    public let storedEntriesOfA: Int
    /// Block names of each cyclic component, in evaluation order.
    public let cyclicComponents: [[String]]
    /// Multiply-adds of one fixed-point sweep: nonzeros of A inside the cyclic components.
    public let iterationCost: Int
    /// Multiply-adds done once per sample: nonzeros of A between components, of B, C and D.
    public let forwardCost: Int

    public init(model: ImplicitModel) {
        states = model.stateCount
        inputs = model.input.size
        outputs = model.output.size
        blocks = model.states.map { Block(name: $0.name, size: $0.size, activation: $0.map.description) }
        nonzeros = Nonzeros(a: model.a.nonzeroCount, b: model.b.nonzeroCount, c: model.c.nonzeroCount,
                            d: model.d.nonzeroCount())
        storedEntriesOfA = model.a.storedCount
        let structure = BlockStructure(model)
        var componentOf = [Int](repeating: 0, count: model.states.count)
        for (c, component) in structure.components.enumerated() { for k in component.blocks { componentOf[k] = c } }
        let cyclic = structure.components.filter(\.isCyclic)
        cyclicComponents = cyclic.map { $0.blocks.map { model.states[$0].name } }
        var inside = 0
        for (index, block) in model.a.blocks where componentOf[index.row] == componentOf[index.col] {
            inside += block.nonzeroCount()
        }
        iterationCost = inside
        forwardCost = nonzeros.a - inside + nonzeros.b + nonzeros.c + nonzeros.d
    }
}
