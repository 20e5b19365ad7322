import Linalg

/// Newton's Jacobian of F(x) = x − Φ(A x + c) for one sample, J = I − Φ'(z) A with
/// z = A x + c, formed by row blocks.
///
/// Φ'(z) is block diagonal, one s_k × s_k block per state block, so the rows of block k are
///
///     J_k = I_k − Φ'_k(z_k) A_k,   A_k = the block's rows of A (s_k × n):
///
/// a row scaling (s_k n products) for an elementwise or per-state block, whose Φ'_k is
/// diag(φ'ᵢ(zᵢ)), and one s_k × s_k by s_k × n gemm (2 s_k² n flops) for a block map. That is
/// Σ s_k² n in all, where the dense n × n Φ'(z) times A is n³ whatever its zeros.
///
/// **Equal to the dense product.** Every entry is a sum over the same nonzero terms as the dense
/// product's, whose other terms are exact zeros. An elementwise row holds one product,
/// φ'ᵢ(zᵢ) aᵢⱼ, rounded once, so it is bit-equal; a block map's row sums s_k products, which
/// BLAS may group differently from the dense call, so both lie within Higham's γ_{s_k} of the
/// exact sum (relative to Σ |Φ'_k| |A_k|), and within 2 γ_n of each other
/// (`ComponentJacobianTests`). The subtraction from I is one rounding, as in the dense form.
extension ComponentMap {
    /// Φ'_k(z_k) of one state block for one sample.
    enum BlockDerivative: Equatable {
        /// diag(φ'ᵢ(zᵢ)) of an elementwise or per-state block.
        case diagonal([Double])
        /// The s_k × s_k Jacobian of a block map (softmax, LN; `StateMap.jacobian(at:)`).
        case dense(Matrix)
    }

    /// Φ'_k(z_k) for every block, z one sample's pre-activation.
    func derivative(at z: [Double]) -> [BlockDerivative] {
        precondition(z.count == states, "\(z.count) values for a component of \(states) states")
        return blocks.map { block in
            let zk = Array(z[block.rows])
            if block.map.isBlockMap {
                return .dense(Matrix(rows: zk.count, cols: zk.count, rowMajor: block.map.jacobian(at: zk)))
            }
            return .diagonal(zk.indices.map { block.map.activation(ofState: $0).derivative(zk[$0]) })
        }
    }

    /// A's rows of each block (s_k × n each), cut once for every Jacobian of a solve; A itself,
    /// not a copy, for a one-block component.
    func rowBlocks(of a: Matrix) -> [Matrix] {
        precondition(a.rows == states, "A has \(a.rows) rows for a component of \(states) states")
        if blocks.count == 1 { return [a] }
        return blocks.map { a.rows($0.rows) }
    }

    /// J = I − Φ'(z) A, row block by row block (see the extension's comment).
    /// - Parameters:
    ///   - z: one sample's pre-activation A x + c.
    ///   - rowBlocks: `rowBlocks(of: A)`.
    func residualJacobian(at z: [Double], rowBlocks: [Matrix]) -> Matrix {
        precondition(rowBlocks.count == blocks.count, "\(rowBlocks.count) row blocks for \(blocks.count) blocks")
        let n = states
        let parts = zip(derivative(at: z), rowBlocks).map { derivative, rows -> Matrix in
            switch derivative {
            case .diagonal(let slopes):
                return rows.rowsScaled(by: slopes)
            case .dense(let jacobian):
                var part = Matrix(rows: rows.rows, cols: n)
                part.addProduct(jacobian, rows, beta: 0)
                return part
            }
        }
        let product = parts.count == 1 ? parts[0] : Matrix.verticallyStacked(parts, cols: n)
        var jacobian = Matrix.identity(n)
        jacobian.add(product, scaledBy: -1)
        return jacobian
    }
}
