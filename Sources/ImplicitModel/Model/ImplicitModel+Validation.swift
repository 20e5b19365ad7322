extension ImplicitModel {
    /// Checks that every size agrees with the state partition and every value is finite.
    ///
    /// `BlockSparseMatrix` already guarantees each block matches its grid; this checks the grids
    /// themselves, the biases, D, and names.
    /// - Throws: `ModelError` naming the part at fault.
    public func validate() throws {
        var names: Set<String> = []
        for block in states {
            guard names.insert(block.name).inserted else { throw ModelError.duplicateName(block.name) }
            if block.size <= 0 { throw ModelError.emptyLayer(block.name) }
            try block.map.validate(size: block.size, owner: block.name)
        }
        let sizes = stateSizes
        func grid(_ what: String, _ m: BlockSparseMatrix, rows: [Int], cols: [Int]) throws {
            guard m.rowBlockSizes == rows, m.colBlockSizes == cols else {
                throw ModelError.shapeMismatch(what: what, expected: "blocks \(rows)×\(cols)",
                                               found: "blocks \(m.rowBlockSizes)×\(m.colBlockSizes)")
            }
            for (index, block) in m.blocks where !block.isFinite {
                throw ModelError.nonFinite(what: "\(what) block \(index)")
            }
        }
        try grid("A", a, rows: sizes, cols: sizes)
        try grid("B", b, rows: sizes, cols: [input.size])
        try grid("C", c, rows: [output.size], cols: sizes)
        guard d.rows == output.size, d.cols == input.size else {
            throw ModelError.shapeMismatch(what: "D", expected: "\(output.size)×\(input.size)", found: "\(d.rows)×\(d.cols)")
        }
        guard d.isFinite else { throw ModelError.nonFinite(what: "D") }
        guard biasX.count == sizes.reduce(0, +) else {
            throw ModelError.shapeMismatch(what: "the state bias", expected: "\(sizes.reduce(0, +))", found: "\(biasX.count)")
        }
        guard biasY.count == output.size else {
            throw ModelError.shapeMismatch(what: "the output bias", expected: "\(output.size)", found: "\(biasY.count)")
        }
        guard biasX.allSatisfy(\.isFinite) else { throw ModelError.nonFinite(what: "the state bias") }
        guard biasY.allSatisfy(\.isFinite) else { throw ModelError.nonFinite(what: "the output bias") }
        if input.size < 0 || output.size <= 0 { throw ModelError.emptyLayer(output.name) }
        if let shape = input.shape, input.validShape == nil {
            throw ModelError.shapeMismatch(what: "the input's sample shape", expected: "extents multiplying to \(input.size)", found: "\(shape)")
        }
    }
}
