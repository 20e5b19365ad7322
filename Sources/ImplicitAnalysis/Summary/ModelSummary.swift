import ImplicitModel

/// What `implicit info` reports about a model: ports, state blocks, stored weights and the
/// block structure. Codable; documented in docs/cli.md.
public struct ModelSummary: Codable, Sendable, Equatable {
    public struct PortSummary: Codable, Sendable, Equatable {
        public let name: String
        public let size: Int
        /// One sample's extents when the port is a flattened tensor (`Port.shape`); absent otherwise.
        public var shape: [Int]? = nil
    }

    public struct BlockSummary: Codable, Sendable, Equatable {
        public let name: String
        public let size: Int
        public let activation: String
        /// States [first, first + size) of x.
        public let firstState: Int
    }

    public struct ComponentSummary: Codable, Sendable, Equatable {
        public let blocks: [String]
        public let states: Int
        public let cyclic: Bool
    }

    public let kind: String
    public let input: PortSummary
    public let output: PortSummary
    public let head: String
    public let states: Int
    public let blocks: [BlockSummary]
    /// Nonzero entries of A, B, C, D.
    public let nonzeros: [String: Int]
    /// Stored blocks of A (the rest are zero and take no memory).
    public let storedBlocksOfA: Int
    public let parameters: Int
    /// True when A is strictly block-triangular after ordering: a feedforward model.
    public let feedforward: Bool
    /// Strongly connected components of A's block graph, in evaluation order.
    public let components: [ComponentSummary]
    /// The width the file stored the weights in (`float32` only for a float32 ONNX file).
    public let weightPrecision: WeightPrecision
    /// The arithmetic `predict` runs the model in by default (`WeightPrecision.defaultArithmetic`).
    public let predictPrecision: WeightPrecision

    public init(model: ImplicitModel, kind: String, weightPrecision: WeightPrecision = .float64) {
        self.kind = kind
        self.weightPrecision = weightPrecision
        predictPrecision = weightPrecision.defaultArithmetic(for: model)
        input = PortSummary(name: model.input.name, size: model.input.size, shape: model.input.validShape)
        output = PortSummary(name: model.output.name, size: model.output.size)
        head = model.head.rawValue
        states = model.stateCount
        let offsets = model.stateOffsets
        blocks = model.states.enumerated().map {
            BlockSummary(name: $1.name, size: $1.size, activation: $1.map.description, firstState: offsets[$0])
        }
        nonzeros = ["A": model.a.nonzeroCount, "B": model.b.nonzeroCount, "C": model.c.nonzeroCount,
                    "D": model.d.nonzeroCount()]
        storedBlocksOfA = model.a.blocks.count
        parameters = model.storedParameterCount
        let structure = BlockStructure(model)
        feedforward = structure.isAcyclic
        components = structure.components.map { component in
            ComponentSummary(blocks: component.blocks.map { model.states[$0].name },
                             states: component.blocks.reduce(0) { $0 + model.states[$1].size },
                             cyclic: component.isCyclic)
        }
    }
}
