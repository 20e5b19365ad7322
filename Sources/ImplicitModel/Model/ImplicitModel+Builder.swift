extension ImplicitModel {
    /// The parts of an implicit model while they are being filled in: by readers block by block,
    /// by assembly, composition and reductions, or from an existing model to change some part.
    /// `build()` validates them once and returns the model.
    public struct Builder: Sendable, Equatable {
        public var input: Port
        public var output: Port
        public var head: OutputHead
        public var states: [StateBlock]
        public var a: BlockSparseMatrix
        public var b: BlockSparseMatrix
        public var c: BlockSparseMatrix
        public var d: Matrix
        public var biasX: [Double]
        public var biasY: [Double]

        public init(input: Port, output: Port, head: OutputHead = .none, states: [StateBlock],
                    a: BlockSparseMatrix, b: BlockSparseMatrix, c: BlockSparseMatrix, d: Matrix,
                    biasX: [Double], biasY: [Double]) {
            self.input = input
            self.output = output
            self.head = head
            self.states = states
            self.a = a
            self.b = b
            self.c = c
            self.d = d
            self.biasX = biasX
            self.biasY = biasY
        }

        /// An empty model of the given ports (no stored blocks, D = 0, zero biases), to fill block
        /// by block.
        public init(input: Port, output: Port, head: OutputHead = .none, states: [StateBlock]) {
            let sizes = states.map(\.size)
            let n = sizes.reduce(0, +)
            self.init(input: input, output: output, head: head, states: states,
                      a: BlockSparseMatrix(rowBlockSizes: sizes, colBlockSizes: sizes),
                      b: BlockSparseMatrix(rowBlockSizes: sizes, colBlockSizes: [input.size]),
                      c: BlockSparseMatrix(rowBlockSizes: [output.size], colBlockSizes: sizes),
                      d: Matrix(rows: output.size, cols: input.size),
                      biasX: [Double](repeating: 0, count: n),
                      biasY: [Double](repeating: 0, count: output.size))
        }

        /// The parts of `model`, to change some of them and build a new model.
        public init(_ model: ImplicitModel) {
            self.init(input: model.input, output: model.output, head: model.head, states: model.states,
                      a: model.a, b: model.b, c: model.c, d: model.d, biasX: model.biasX, biasY: model.biasY)
        }

        /// The model, once its parts pass `validate()`.
        /// - Throws: `ModelError` naming the part at fault.
        public func build() throws -> ImplicitModel {
            try validate()
            return ImplicitModel(validated: self)
        }

        /// The model, its values scanned only in the parts its construction does not already
        /// guarantee finite.
        ///
        /// For paths whose result is valid by construction: a part may be named in `knownFinite`
        /// only when each of its values is a copy, a submatrix, a zero, or a value kept or zeroed,
        /// of the parts of a built `ImplicitModel` (finite, since that model was validated), or
        /// was checked where it was formed (assembly checks the sums it forms): restrictions,
        /// magnitude pruning, the `parallel` composition, the parts a low-rank replacement copies.
        /// A value computed by arithmetic that can overflow (a cascade's products, a trained
        /// parameter) and anything read from a file go through `build()`. Names, sizes and grids
        /// are checked whatever is named (O(number of blocks), no weight is read), so a large
        /// model's weights are scanned at most once.
        /// - Throws: `ModelError` naming the part at fault.
        public func build(knownFinite: Parts) throws -> ImplicitModel {
            try validateStructure()
            try validateValues(of: Parts.all.subtracting(knownFinite))
            return ImplicitModel(validated: self)
        }

        /// Checks that every size agrees with the state partition and every value is finite.
        ///
        /// `BlockSparseMatrix` already guarantees each block matches its grid; this checks the
        /// grids themselves, the biases, D, and names. It visits the stored blocks only (a
        /// block-sparse A is never densified), once per model built.
        /// - Throws: `ModelError` naming the part at fault.
        public func validate() throws {
            try validateStructure()
            try validateValues(of: .all)
        }

        /// Names, sizes and grids: O(number of blocks), no weight is read.
        func validateStructure() throws {
            var names: Set<String> = []
            for block in states {
                guard names.insert(block.name).inserted else { throw ModelError.duplicateName(block.name) }
                if block.size <= 0 { throw ModelError.emptyLayer(block.name) }
                try block.map.validate(size: block.size, owner: block.name)
            }
            let sizes = states.map(\.size)
            func grid(_ what: String, _ m: BlockSparseMatrix, rows: [Int], cols: [Int]) throws {
                guard m.rowBlockSizes == rows, m.colBlockSizes == cols else {
                    throw ModelError.shapeMismatch(what: what, expected: "blocks \(rows)×\(cols)",
                                                   found: "blocks \(m.rowBlockSizes)×\(m.colBlockSizes)")
                }
            }
            try grid("A", a, rows: sizes, cols: sizes)
            try grid("B", b, rows: sizes, cols: [input.size])
            try grid("C", c, rows: [output.size], cols: sizes)
            guard d.rows == output.size, d.cols == input.size else {
                throw ModelError.shapeMismatch(what: "D", expected: "\(output.size)×\(input.size)", found: "\(d.rows)×\(d.cols)")
            }
            guard biasX.count == sizes.reduce(0, +) else {
                throw ModelError.shapeMismatch(what: "the state bias", expected: "\(sizes.reduce(0, +))", found: "\(biasX.count)")
            }
            guard biasY.count == output.size else {
                throw ModelError.shapeMismatch(what: "the output bias", expected: "\(output.size)", found: "\(biasY.count)")
            }
            if input.size < 0 || output.size <= 0 { throw ModelError.emptyLayer(output.name) }
            if let shape = input.shape, input.validShape == nil {
                throw ModelError.shapeMismatch(what: "the input's sample shape", expected: "extents multiplying to \(input.size)", found: "\(shape)")
            }
        }

        /// Every stored weight and bias of `parts` is finite: one pass over their stored blocks.
        func validateValues(of parts: Parts) throws {
            for (part, what, m) in [(Parts.a, "A", a), (.b, "B", b), (.c, "C", c)] where parts.contains(part) {
                for (index, block) in m.blocks where !block.isFinite {
                    throw ModelError.nonFinite(what: "\(what) block \(index)")
                }
            }
            if parts.contains(.d) { guard d.isFinite else { throw ModelError.nonFinite(what: "D") } }
            if parts.contains(.biasX) { guard biasX.allSatisfy(\.isFinite) else { throw ModelError.nonFinite(what: "the state bias") } }
            if parts.contains(.biasY) { guard biasY.allSatisfy(\.isFinite) else { throw ModelError.nonFinite(what: "the output bias") } }
        }
    }
}

extension ImplicitModel.Builder {
    /// A set of the parts A, B, C, D, b, c: those a construction guarantees finite
    /// (`build(knownFinite:)`).
    public struct Parts: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let a = Parts(rawValue: 1 << 0)
        public static let b = Parts(rawValue: 1 << 1)
        public static let c = Parts(rawValue: 1 << 2)
        public static let d = Parts(rawValue: 1 << 3)
        public static let biasX = Parts(rawValue: 1 << 4)
        public static let biasY = Parts(rawValue: 1 << 5)
        /// A, B, C and D.
        public static let weights: Parts = [.a, .b, .c, .d]
        /// Every part: the weights and both biases.
        public static let all: Parts = [.weights, .biasX, .biasY]
    }
}
