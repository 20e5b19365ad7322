import ImplicitModel

/// A linear map read off the states and inputs, y = C x + D u + c, with C block-sparse on the
/// state blocks: the model's raw outputs, or the margins y_label − y_j of one class folded in.
///
/// Bounding the margins through their own map, (C_l − C_j) x + (D_l − D_j) u + (c_l − c_j), is
/// tighter than subtracting separate bounds of y_l and y_j: the correlation between the two
/// outputs through the shared states is kept.
public struct AffineReadout: Sendable, Equatable {
    /// One row block (the outputs), column blocks the state blocks.
    public let c: BlockSparseMatrix
    public let d: Matrix
    public let bias: [Double]

    /// The raw outputs Cx + Du + c of a model (before its head).
    public init(model: ImplicitModel) {
        c = model.c
        d = model.d
        bias = model.biasY
    }

    init(c: BlockSparseMatrix, d: Matrix, bias: [Double]) {
        self.c = c
        self.d = d
        self.bias = bias
    }

    /// Number of outputs.
    public var outputs: Int { bias.count }

    /// The margins m_j = y_label − y_j for the classes j ≠ label, in class order: E y with E the
    /// (q−1) × q matrix of rows e_labelᵀ − e_jᵀ, folded into C, D and c.
    public func margins(label: Int) -> AffineReadout {
        let q = outputs
        precondition((0..<q).contains(label), "label \(label) of \(q) classes")
        let others = (0..<q).filter { $0 != label }
        var e = Matrix(rows: others.count, cols: q)
        for (row, j) in others.enumerated() {
            e[row, label] = 1
            e[row, j] = -1
        }
        var folded = BlockSparseMatrix(rowBlockSizes: [others.count], colBlockSizes: c.colBlockSizes)
        for (col, block) in c.blocks(inRow: 0) { folded[0, col] = e * block }
        let biasMargins = others.map { bias[label] - bias[$0] }
        return AffineReadout(c: folded, d: e * d, bias: biasMargins)
    }
}
