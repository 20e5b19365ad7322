import ImplicitModel

extension LowRankFactorization {
    /// The SVD of one part and its figures before any change.
    static func analyze(_ part: Part, in model: ImplicitModel, sizeLimit: Int) throws
        -> (factor: LowRankFactor, svd: SingularValueDecomposition?)
    {
        let rows = part.rowBlocks.compactMap { model.blockIndex(named: $0) }
        let cols = part.colBlocks.compactMap { model.blockIndex(named: $0) }
        let p = model.a.dense(rowBlocks: rows, colBlocks: cols)
        let nonzeros = p.nonzeroCount()
        func factor(_ values: [Double], skipped: String?) -> LowRankFactor {
            let threshold = LowRankOptions.numericalRankThreshold(rows: p.rows, cols: p.cols, largest: values.first ?? 0)
            let rank = values.filter { $0 > threshold }.count
            return LowRankFactor(rowBlocks: part.rowBlocks, colBlocks: part.colBlocks, rows: p.rows, cols: p.cols,
                                 singularValues: values, numericalRank: rank, numericalRankThreshold: threshold,
                                 costAtNumericalRank: Swift.min(nonzeros, rank * (p.rows + p.cols)),
                                 keptRank: nil, truncationError: nil, costBefore: nonzeros, costAfter: nonzeros,
                                 newBlock: nil, skipped: skipped)
        }
        guard Swift.min(p.rows, p.cols) <= sizeLimit else {
            return (factor([], skipped: "\(p.rows) × \(p.cols) is above the SVD size limit \(sizeLimit)"), nil)
        }
        let svd = try SingularValueDecomposition(p)
        return (factor(svd.values, skipped: nil), svd)
    }

    /// The block name for a part's z: `h_lowrank` for a component or diagonal block starting at
    /// h, `h2_from_h1_lowrank` for the block of h2 reading h1.
    static func blockName(for part: Part) -> String {
        if part.rowBlocks == part.colBlocks { return "\(part.rowBlocks[0])_lowrank" }
        return "\(part.rowBlocks[0])_from_\(part.colBlocks[0])_lowrank"
    }

    /// The model with A[R, C] replaced by L (R reading a new identity block z) and z = Rᵀ x_C, or,
    /// at rank 0, with A[R, C] removed.
    static func replace(_ part: Part, in model: ImplicitModel, by svd: SingularValueDecomposition,
                        rank k: Int, blockName: String?) throws -> ImplicitModel {
        var result = ImplicitModel.Builder(model)
        let rowsBefore = part.rowBlocks.compactMap { model.blockIndex(named: $0) }
        if k > 0, let blockName {
            result.insert(StateBlock(name: blockName, size: k, activation: .identity), at: rowsBefore.min() ?? 0)
        }
        func blockIndex(_ name: String) -> Int? { result.states.firstIndex { $0.name == name } }
        let rows = part.rowBlocks.compactMap(blockIndex)
        let cols = part.colBlocks.compactMap(blockIndex)
        for r in rows { for c in cols { result.a[r, c] = nil } }
        guard k > 0, let blockName, let z = blockIndex(blockName) else { return try result.build() }
        // Balanced factors: L = U_k Σ^½ (columns of U scaled), Rᵀ = Σ^½ V_kᵀ (rows of Vᵀ scaled).
        var left = svd.u.columns(0..<k)
        var right = svd.vt.rows(0..<k)
        for t in 0..<k {
            let s = svd.values[t].squareRoot()
            for i in 0..<left.rows { left[i, t] *= s }
            for j in 0..<right.cols { right[t, j] *= s }
        }
        var offset = 0
        for r in rows {
            let size = result.states[r].size
            result.a[r, z] = left.rows(offset..<(offset + size))
            offset += size
        }
        offset = 0
        for c in cols {
            let size = result.states[c].size
            result.a[z, c] = right.columns(offset..<(offset + size))
            offset += size
        }
        return try result.build()
    }
}

extension LowRankFactor {
    func with(skipped reason: String) -> LowRankFactor {
        LowRankFactor(rowBlocks: rowBlocks, colBlocks: colBlocks, rows: rows, cols: cols, singularValues: singularValues,
                      numericalRank: numericalRank, numericalRankThreshold: numericalRankThreshold,
                      costAtNumericalRank: costAtNumericalRank, keptRank: nil, truncationError: nil,
                      costBefore: costBefore, costAfter: costBefore, newBlock: nil, skipped: reason)
    }

    func with(keptRank: Int, truncationError: Double, costAfter: Int, newBlock: String?) -> LowRankFactor {
        LowRankFactor(rowBlocks: rowBlocks, colBlocks: colBlocks, rows: rows, cols: cols, singularValues: singularValues,
                      numericalRank: numericalRank, numericalRankThreshold: numericalRankThreshold,
                      costAtNumericalRank: costAtNumericalRank, keptRank: keptRank, truncationError: truncationError,
                      costBefore: costBefore, costAfter: costAfter, newBlock: newBlock, skipped: nil)
    }
}
