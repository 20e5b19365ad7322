import Linalg

extension RelaxedProblem {
    /// The proximal map of t·𝒫 with the well-posedness constraint, on the model parameters:
    ///
    ///     prox(v) = argmin_w  𝒫(w) + (1/2t) ‖w − v‖²   subject to ‖aᵢ‖₁ ≤ κ (implicit structure),
    ///
    /// computed exactly and blockwise: each row of A projected onto the ℓ1 ball of radius κ
    /// (Duchi et al.), B, C, D soft-thresholded by t·l1, then each column of (B; D) shrunk by
    /// the group norm's prox (19) (soft threshold then block soft threshold is the exact prox of
    /// ℓ1 + ℓ2, the sparse group lasso's; for α = ∞ `l1` is refused). With A = L Rᵀ the
    /// constraint is on the factors: rows of L in the κ-ball, columns of R in the unit ball.
    /// Entries the structure fixes at zero are set to zero.
    func proximalModel(_ v: inout TrainingParameters, step t: Double) {
        let n = v.a.rows, inputCount = v.b.cols, q = v.c.rows
        if structure.constrainsNorm {
            if var factors = v.factors {
                let k = factors.left.cols
                for i in 0..<n {
                    let row = L1BallProjection.project(factors.left.row(i), radius: options.kappa)
                    for c in 0..<k { factors.left[i, c] = row[c] }
                }
                for c in 0..<k {
                    let column = L1BallProjection.project(factors.right.column(c), radius: 1)
                    for i in 0..<n { factors.right[i, c] = column[i] }
                }
                v.factors = factors
                v.a = factors.product
            } else {
                for i in 0..<n {
                    let row = L1BallProjection.project(v.a.row(i), radius: options.kappa)
                    for c in 0..<n { v.a[i, c] = row[c] }
                }
            }
        }
        let l1 = options.l1
        if l1 > 0 {
            v.b = v.b.mapElements { L1BallProjection.softThreshold($0, t * l1) }
            v.c = v.c.mapElements { L1BallProjection.softThreshold($0, t * l1) }
            v.d = v.d.mapElements { L1BallProjection.softThreshold($0, t * l1) }
        }
        if let column = options.columnPenalty {
            for k in 0..<inputCount {
                let shrunk = ColumnGroup.proximal(v.b.column(k) + v.d.column(k), t * column.weight, column.norm)
                for i in 0..<n { v.b[i, k] = shrunk[i] }
                for i in 0..<q { v.d[i, k] = shrunk[n + i] }
            }
        }
        v.applyStructure(structure)
    }

    /// Whether A satisfies the well-posedness constraint (to the projection's rounding).
    func isFeasible(_ v: TrainingParameters) -> Bool {
        guard structure.constrainsNorm else { return true }
        if let factors = v.factors {
            let k = factors.left.cols, n = factors.left.rows
            for i in 0..<n where factors.left.row(i).reduce(0, { $0 + Swift.abs($1) }) > options.kappa * (1 + Self.ballSlack) { return false }
            for c in 0..<k where factors.right.column(c).reduce(0, { $0 + Swift.abs($1) }) > 1 + Self.ballSlack { return false }
            return true
        }
        return v.a.normInf <= options.kappa * (1 + Self.ballSlack)
    }
}
