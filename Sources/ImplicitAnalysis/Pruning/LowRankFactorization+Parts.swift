import ImplicitModel

extension LowRankFactorization {
    /// The SVD of one part and its figures before any change.
    ///
    /// The shape and the nonzeros come from the stored blocks; a dense copy of the part is made
    /// only for the SVD itself (LAPACK's `dgesdd` wants one buffer), and not at all for a single
    /// stored block, which is its own matrix, nor for a part above the size limit.
    static func analyze(_ part: Part, in model: ImplicitModel, sizeLimit: Int) throws
        -> (factor: LowRankFactor, svd: SingularValueDecomposition?)
    {
        let rows = part.rowBlocks.compactMap { model.blockIndex(named: $0) }
        let cols = part.colBlocks.compactMap { model.blockIndex(named: $0) }
        let rowCount = rows.reduce(0) { $0 + model.states[$1].size }
        let colCount = cols.reduce(0) { $0 + model.states[$1].size }
        let stored = rows.flatMap { r in cols.compactMap { model.a[r, $0] } }
        let nonzeros = stored.reduce(0) { $0 + $1.nonzeroCount() }
        func factor(_ values: [Double], skipped: String?) -> LowRankFactor {
            let threshold = LowRankOptions.numericalRankThreshold(rows: rowCount, cols: colCount, largest: values.first ?? 0)
            let rank = values.filter { $0 > threshold }.count
            return LowRankFactor(rowBlocks: part.rowBlocks, colBlocks: part.colBlocks, rows: rowCount, cols: colCount,
                                 singularValues: values, numericalRank: rank, numericalRankThreshold: threshold,
                                 costAtNumericalRank: Swift.min(nonzeros, rank * (rowCount + colCount)),
                                 keptRank: nil, truncationError: nil, costBefore: nonzeros, costAfter: nonzeros,
                                 newBlock: nil, skipped: skipped)
        }
        guard Swift.min(rowCount, colCount) <= sizeLimit else {
            return (factor([], skipped: "\(rowCount) × \(colCount) is above the SVD size limit \(sizeLimit)"), nil)
        }
        let single = rows.count == 1 && cols.count == 1 ? stored.first : nil
        let svd = try SingularValueDecomposition(single ?? model.a.dense(rowBlocks: rows, colBlocks: cols))
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
        // The parts are the model's own, blocks moved or removed; only the factors are new.
        guard k > 0, let blockName, let z = blockIndex(blockName) else { return try result.build(knownFinite: .all) }
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
        return try result.build(knownFinite: [.b, .c, .d, .biasX, .biasY])
    }
}

extension LowRankFactor {
    /// The analysed part, left as it is for `reason`.
    func with(skipped reason: String) -> LowRankFactor {
        settled(keptRank: nil, truncationError: nil, costAfter: costBefore, newBlock: nil, skipped: reason)
    }

    /// The analysed part, factored at rank `keptRank`.
    func with(keptRank: Int, truncationError: Double, costAfter: Int, newBlock: String?) -> LowRankFactor {
        settled(keptRank: keptRank, truncationError: truncationError, costAfter: costAfter, newBlock: newBlock, skipped: nil)
    }

    /// The analysed figures with what became of the part.
    private func settled(keptRank: Int?, truncationError: Double?, costAfter: Int, newBlock: String?,
                         skipped: String?) -> LowRankFactor {
        var factor = self
        factor.keptRank = keptRank
        factor.truncationError = truncationError
        factor.costAfter = costAfter
        factor.newBlock = newBlock
        factor.skipped = skipped
        return factor
    }
}
