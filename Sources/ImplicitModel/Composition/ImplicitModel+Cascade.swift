extension ImplicitModel {
    /// The cascade u ↦ second(first(u)) as one implicit model (El Ghaoui et al., §2.3).
    ///
    /// With first = (A₁, B₁, C₁, D₁, b₁, c₁) and second = (A₂, B₂, C₂, D₂, b₂, c₂), the states are
    /// x = (x₁, x₂) and, since second reads y₁ = C₁x₁ + D₁u + c₁,
    ///   A = [[A₁, 0], [B₂C₁, A₂]],  B = [B₁; B₂D₁],  C = [D₂C₁, C₂],  D = D₂D₁,
    ///   b = [b₁; b₂ + B₂c₁],  c = D₂c₁ + c₂.
    /// A is block lower triangular with A₁ and A₂ on the diagonal, so the cascade is well-posed iff
    /// both parts are. Products are formed block by block (B₂[k]·C₁[j] only for stored blocks), so
    /// the block structure of both parts is kept. Block names used by both parts get `first.` and
    /// `second.` prefixes. The result has first's input, second's output and second's head.
    /// - Throws: `CompositionError.dimensionMismatch` when first's output size is not second's
    ///   input size; `.nonlinearHead` when first has a head (softmax or sigmoid are not affine);
    ///   `ModelError.nonFinite` when a product of finite weights overflows.
    public static func cascade(_ first: ImplicitModel, _ second: ImplicitModel) throws -> ImplicitModel {
        guard first.output.size == second.input.size else {
            throw CompositionError.dimensionMismatch(firstOutput: first.output.size, secondInput: second.input.size)
        }
        guard first.head == .none else { throw CompositionError.nonlinearHead(first.head) }
        let shift = first.states.count
        var model = stacking(first, second, output: second.output, head: second.head)
        let readers = second.b.blocks(inColumn: 0)
        let firstReadout = first.c.blocks(inRow: 0)
        for (k, b2) in readers {
            for (j, c1) in firstReadout { model.a[shift + k, j] = b2 * c1 }
        }
        if !first.d.isZero {
            for (k, b2) in readers { model.b[shift + k, 0] = b2 * first.d }
        }
        if !second.d.isZero {
            for (j, c1) in firstReadout { model.c[0, j] = second.d * c1 }
        }
        for (k, c2) in second.c.blocks(inRow: 0) { model.c[0, shift + k] = c2 }
        model.d = second.d * first.d

        let offsets = second.stateOffsets
        for (k, b2) in readers {
            let carried = b2.apply(to: first.biasY)
            for i in carried.indices { model.biasX[first.stateCount + offsets[k] + i] += carried[i] }
        }
        let carried = second.d.apply(to: first.biasY)
        model.biasY = zip(carried, second.biasY).map { $0 + $1 }
        return try model.build()
    }
}
