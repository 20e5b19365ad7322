extension ImplicitModel {
    /// Two models reading the same input, outputs stacked: u ↦ (first(u), second(u)).
    ///
    /// A = diag(A₁, A₂), B = [B₁; B₂], C = diag(C₁, C₂) (block by block: each part's readout blocks
    /// padded with zero rows), D = [D₁; D₂], b = [b₁; b₂], c = [c₁; c₂]. A is block diagonal, so the
    /// result is well-posed iff both parts are. Heads must act elementwise on the stacked outputs:
    /// both none, or both sigmoid. The output port is named after both parts' outputs when they differ.
    /// - Throws: `CompositionError.inputMismatch`, `.incompatibleHeads`.
    public static func parallel(_ first: ImplicitModel, _ second: ImplicitModel) throws -> ImplicitModel {
        guard first.input.size == second.input.size else {
            throw CompositionError.inputMismatch(firstInput: first.input.size, secondInput: second.input.size)
        }
        guard first.head == second.head, first.head != .softmax else {
            throw CompositionError.incompatibleHeads(first: first.head, second: second.head)
        }
        let shift = first.states.count
        let q1 = first.output.size, q = q1 + second.output.size
        let name = first.output.name == second.output.name ? first.output.name : "\(first.output.name)+\(second.output.name)"
        var model = stacking(first, second, output: Port(name: name, size: q), head: first.head)
        for (k, block) in second.b.blocks(inColumn: 0) { model.b[shift + k, 0] = block }
        for (j, block) in first.c.blocks(inRow: 0) {
            var padded = Matrix(rows: q, cols: block.cols)
            padded.setBlock(block, atRow: 0, col: 0)
            model.c[0, j] = padded
        }
        for (j, block) in second.c.blocks(inRow: 0) {
            var padded = Matrix(rows: q, cols: block.cols)
            padded.setBlock(block, atRow: q1, col: 0)
            model.c[0, shift + j] = padded
        }
        model.d = Matrix.verticallyStacked([first.d, second.d], cols: first.input.size)
        model.biasY = first.biasY + second.biasY
        // Every value is one of the parts' own or a zero of the padding.
        return try model.build(knownFinite: .all)
    }
}
