import ImplicitModel
import Linalg

/// Per state block, how the pre-activations z = A x + B u + b behave on given inputs.
///
/// z is recomputed from the solved states of `ImplicitModel.evaluate` (so it is the argument φ
/// was applied to at the fixed point). A state is *active* on a sample when z > 0: the identity
/// piece of ReLU and leaky ReLU, the upper half of tanh and sigmoid.
public struct ActivationStatistics: Codable, Sendable, Equatable {
    public struct Block: Codable, Sendable, Equatable {
        public let name: String
        public let activation: String
        public let size: Int
        /// Over all samples and states of the block: the fraction with z > 0.
        public let fractionActive: Double
        /// States with z ≤ 0 on every sample (for ReLU: dead on these inputs).
        public let neverActive: Int
        /// States with z > 0 on every sample (for ReLU: linear on these inputs).
        public let alwaysActive: Int
        public let minimum: Double
        public let maximum: Double
        /// The 5 %, 25 %, 50 %, 75 % and 95 % quantiles of z over samples and states (nearest rank).
        public let quantiles: [Double]
    }

    public static let quantileLevels = [0.05, 0.25, 0.5, 0.75, 0.95]

    public let samples: Int
    public let blocks: [Block]

    /// - Parameter inputs: p × m, one sample per column.
    /// - Throws: `EvaluationError` when the inputs do not fit the model or a solve fails.
    public init(model: ImplicitModel, inputs: Matrix, solver: SolverOptions = SolverOptions()) throws {
        let x = try model.evaluate(inputs, options: solver).states
        let m = inputs.cols
        let offsets = model.stateOffsets
        samples = m
        blocks = model.states.enumerated().map { k, block in
            var z = Matrix(rows: block.size, cols: m)
            if let bk = model.b[k, 0] { z.addProduct(bk, inputs) }
            for (j, akj) in model.a.blocks(inRow: k) { z.addProduct(akj, x[j]) }
            z.addToEachColumn(Array(model.biasX[offsets[k]..<(offsets[k] + block.size)]))
            return Self.summarise(z, name: block.name, activation: block.map.description)
        }
    }

    /// The nearest rank ⌈level · count⌉ in 1…count; the product is rounded to 10⁻⁹ first, so that
    /// 0.05 · 300 = 15.000000000000002 is rank 15, not 16.
    public static func nearestRank(_ level: Double, count: Int) -> Int {
        let product = (level * Double(count) * 1e9).rounded() / 1e9
        return Swift.min(count, Swift.max(1, Int(product.rounded(.up))))
    }

    /// The figures of one block's size × m pre-activations.
    static func summarise(_ z: Matrix, name: String, activation: String) -> Block {
        var positive = 0, never = 0, always = 0
        var values: [Double] = []
        values.reserveCapacity(z.count)
        for i in 0..<z.rows {
            let row = z.row(i)
            let count = row.lazy.filter { $0 > 0 }.count
            positive += count
            if count == 0 { never += 1 }
            if count == row.count, !row.isEmpty { always += 1 }
            values += row
        }
        values.sort()
        let quantiles = values.isEmpty ? [] : quantileLevels.map { values[nearestRank($0, count: values.count) - 1] }
        return Block(name: name, activation: activation, size: z.rows,
                     fractionActive: values.isEmpty ? 0 : Double(positive) / Double(values.count),
                     neverActive: never, alwaysActive: always,
                     minimum: values.first ?? 0, maximum: values.last ?? 0, quantiles: quantiles)
    }
}
