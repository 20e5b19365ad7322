import ImplicitModel

extension WellPosednessAnalysis {
    /// The report for a cyclic block component too large to gather densely: undecided, with the
    /// Picard bound min(‖LA‖∞, ‖LA‖₁) computed block by block (no dense copy).
    func largeComponentReport(_ model: ImplicitModel, blocks: [Int], states: [Int], stateNames: [String],
                              activations: [String]) -> DiagonalComponentReport {
        let members = Set(blocks)
        let offsets = model.stateOffsets
        let position = Dictionary(uniqueKeysWithValues: states.enumerated().map { ($1, $0) })
        var rowSums = [Double](repeating: 0, count: states.count)
        var colSums = [Double](repeating: 0, count: states.count)
        for (index, block) in model.a.blocks where members.contains(index.row) && members.contains(index.col) {
            let lipschitz = model.states[index.row].map.lipschitzConstant
            for j in 0..<block.cols {
                guard let column = position[offsets[index.col] + j] else { continue }
                for i in 0..<block.rows {
                    guard let row = position[offsets[index.row] + i] else { continue }
                    let value = lipschitz * Swift.abs(block[i, j])
                    rowSums[row] += value
                    colSums[column] += value
                }
            }
        }
        let inf = rowSums.max() ?? 0, one = colSums.max() ?? 0
        let bound = 1 - options.certificateMargin
        let picard = one < inf
            ? PicardReport(contractive: one <= bound, norm: .one, value: one)
            : PicardReport(contractive: inf <= bound, norm: .inf, value: inf)
        return DiagonalComponentReport(
            blocks: blocks.map { model.states[$0].name }, states: states, stateNames: stateNames,
            activations: activations, finding: .undecided, criterion: "not analysed",
            picard: picard,
            notes: ["the cyclic component has \(states.count) states, above the dense limit of \(options.denseSizeLimit)"])
    }
}
