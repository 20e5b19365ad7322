import ImplicitModel
import Linalg

/// The model variables (A, B, b, C, D, c) of the training problem, dense while training.
public struct TrainingParameters: Sendable, Equatable {
    public var a: Matrix
    public var b: Matrix
    public var biasX: [Double]
    public var c: Matrix
    public var d: Matrix
    public var biasY: [Double]
    /// With `FitOptions.rank`: the factors of A = L Rᵀ, kept so that `a` is always their product.
    public var factors: LowRankFactors?

    /// The implicit model these parameters define, its blocks cut along `structure`.
    ///
    /// Feedforward layers become blocks `layer1`, `layer2`, …; an implicit model one block
    /// `hidden`. Zero blocks are not stored, so a feedforward result is strictly block
    /// lower-triangular and converts to a network.
    /// - Throws: `ModelError` when a parameter is not finite (a diverged step).
    public func implicitModel(structure: TrainingStructure, activation: RelaxedActivation,
                              head: OutputHead) throws -> ImplicitModel {
        let sizes = structure.blockSizes
        let names: [String]
        switch structure {
        case .implicit: names = ["hidden"]
        case .feedforward: names = sizes.indices.map { "layer\($0 + 1)" }
        }
        let states = zip(names, sizes).map { StateBlock(name: $0, size: $1, activation: activation.activation) }
        return try ImplicitModel(
            input: Port(name: "input", size: b.cols), output: Port(name: "output", size: c.rows), head: head,
            states: states,
            a: BlockSparseMatrix(dense: a, rowBlockSizes: sizes, colBlockSizes: sizes),
            b: BlockSparseMatrix(dense: b, rowBlockSizes: sizes, colBlockSizes: [b.cols]),
            c: BlockSparseMatrix(dense: c, rowBlockSizes: [c.rows], colBlockSizes: sizes),
            d: d, biasX: biasX, biasY: biasY)
    }
}

/// A = L Rᵀ with L, R n × k (§6.3), constrained so that ‖A‖∞ ≤ κ holds by construction:
/// every row of L in the ℓ1 ball of radius κ (‖L‖∞ ≤ κ) and every column of R in the unit ℓ1
/// ball (‖Rᵀ‖∞ ≤ 1), hence ‖L Rᵀ‖∞ ≤ ‖L‖∞ ‖Rᵀ‖∞ ≤ κ (‖·‖∞ is submultiplicative).
public struct LowRankFactors: Sendable, Equatable {
    /// L, n × k.
    public var left: Matrix
    /// R, n × k.
    public var right: Matrix

    public init(left: Matrix, right: Matrix) {
        self.left = left
        self.right = right
    }

    /// L Rᵀ (n × n), one gemm.
    public var product: Matrix { Matrix.product(left, right, transposeB: .transposed) }
}
