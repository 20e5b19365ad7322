import ImplicitModel

/// Interval bound propagation (IBP): bounds on every state and output of a model for every input
/// in each box of an `InputSet`, through the block-triangular order of A (the paper's §5).
///
/// Components of A's block graph are bounded in evaluation order. An explicit block is
/// z_k = b_k + B_k u + Σ_j A_kj x_j with every x_j already bounded: one centre/radius gemm pair
/// per stored block (`IntervalMatrix`: W c ± |W| r over the whole batch of boxes), then
/// x_k = φ(z_k) by the activation's exact image of the interval (`Activation.intervalImage`, its
/// end points for monotone φ, its minimum too for the others, rounded outward). A cyclic
/// component x = φ(A_cc x + c), with c bounded from the blocks already done, is bounded box by box
/// by the interval fixed point I ← φ(A_cc I + c) ∩ I (`IntervalPropagation+Components.swift`),
/// which is sound at every iterate and finite when the component is an ∞-norm contraction.
///
/// Soundness: each product and sum is widened by its rounding allowance, so every enclosure holds
/// the exact values, not only our rounded evaluation of them.
public struct IntervalPropagation: Sendable {
    public let model: ImplicitModel
    public var options: IntervalBoundOptions
    /// Whether cyclic components are also bounded by the mixed-monotone embedding.
    public var embedding: EmbeddingUse = .never

    /// When the mixed-monotone embedding (`MixedMonotoneEmbedding`) tightens a cyclic component.
    public enum EmbeddingUse: Sendable {
        case never
        /// Where the embedded system is a contraction; elsewhere the interval fixed point alone.
        case whenContractive
        /// Every cyclic component; a component where it is not a contraction is refused.
        case required
    }
    private let structure: [BlockStructure.Component]
    private let inputProducts: [IntervalMatrix?]
    private let stateProducts: [[(col: Int, product: IntervalMatrix)]]

    /// Additions per pre-activation beyond the products (bias, input term, one per block read):
    /// their rounding is covered by widening the sum by this many ulps per block read.
    static let additionAllowancePerTerm = 2 * Double.ulpOfOne

    /// Prepares the interval products of every stored block of A and B.
    public init(model: ImplicitModel, options: IntervalBoundOptions = IntervalBoundOptions()) {
        self.model = model
        self.options = options
        structure = BlockStructure(model).components
        inputProducts = (0..<model.states.count).map { k in model.b[k, 0].map(IntervalMatrix.init) }
        var rows = [[(col: Int, product: IntervalMatrix)]](repeating: [], count: model.states.count)
        for (index, block) in model.a.sortedBlocks { rows[index.row].append((index.col, IntervalMatrix(block))) }
        stateProducts = rows
    }

    /// Bounds on every pre-activation and state, one column per box.
    /// - Throws: `BoundsError.invalidInputSet` when the boxes do not have the model's input width.
    public func stateBounds(_ inputs: InputSet) throws -> StateBounds {
        try checkWidth(inputs)
        let n = model.stateCount, m = inputs.count
        var bounds = StateBounds(preActivation: IntervalBatch(unboundedRows: n, count: m),
                                 state: IntervalBatch(unboundedRows: n, count: m))
        let offsets = model.stateOffsets
        func range(_ k: Int) -> Range<Int> { offsets[k]..<(offsets[k] + model.states[k].size) }
        for component in structure {
            let members = Set(component.blocks)
            let parts = component.blocks.map {
                knownPart(of: $0, excluding: members, inputs: inputs, states: bounds.state, range: range)
            }
            var pre = parts.count == 1 ? parts[0] : Self.stacked(parts)
            guard let activations = model.activations(ofBlocks: component.blocks) else {
                // A block map (softmax, layer normalisation): only as an explicit block.
                guard !component.isCyclic else {
                    let names = component.blocks.map { model.states[$0].name }.joined(separator: ", ")
                    throw BoundsError.unsupportedModel(why: "interval bounds of a block map (softmax, layer normalisation) inside a cycle are not implemented; component {\(names)} has one")
                }
                let image = Self.blockMapImage(model.states[component.blocks[0]].map, of: pre)
                for j in 0..<m {
                    for (local, i) in range(component.blocks[0]).enumerated() {
                        bounds.preActivation.lower[i, j] = pre.lower[local, j]
                        bounds.preActivation.upper[i, j] = pre.upper[local, j]
                        bounds.state.lower[i, j] = image.lower[local, j]
                        bounds.state.upper[i, j] = image.upper[local, j]
                    }
                }
                continue
            }
            let known = pre
            if component.isCyclic {
                let solved = componentFixedPoint(component.blocks, activations: activations, known: pre)
                pre = solved.preActivation
                if !solved.converged { bounds.unconvergedComponents.append(component.blocks.map { model.states[$0].name }) }
            }
            var image = pre
            for j in 0..<m {
                for local in 0..<pre.rows {
                    let ends = activations[local].intervalImage(lower: pre.lower[local, j], upper: pre.upper[local, j])
                    image.lower[local, j] = ends.lower
                    image.upper[local, j] = ends.upper
                }
            }
            if component.isCyclic, embedding != .never {
                try embed(component.blocks, activations: activations, known: known, pre: &pre, states: &image)
            }
            let states = component.blocks.flatMap { range($0) }
            for j in 0..<m {
                for (local, i) in states.enumerated() {
                    bounds.preActivation.lower[i, j] = pre.lower[local, j]
                    bounds.preActivation.upper[i, j] = pre.upper[local, j]
                    bounds.state.lower[i, j] = image.lower[local, j]
                    bounds.state.upper[i, j] = image.upper[local, j]
                }
            }
        }
        return bounds
    }

    /// The image of every box of `pre` under a block map (`StateMap.range`: softmax by its
    /// monotonicity, layer normalisation by β ± |γ|√(n − 1)), box by box.
    static func blockMapImage(_ map: StateMap, of pre: IntervalBatch) -> IntervalBatch {
        var image = pre
        for j in 0..<pre.count {
            let box = pre.box(j)
            let ends = map.range(lower: box.lower, upper: box.upper)
            for i in 0..<pre.rows {
                image.lower[i, j] = ends.lower[i]
                image.upper[i, j] = ends.upper[i]
            }
        }
        return image
    }

    /// Bounds on a readout C x + D u + c over each box, from the state bounds of the same boxes:
    /// one gemm pair per stored block of C, and one for D.
    /// - Throws: `BoundsError.invalidInputSet` when the boxes do not have the model's input width.
    public func readoutBounds(_ readout: AffineReadout, states: StateBounds, inputs: InputSet) throws -> IntervalBatch {
        try checkWidth(inputs)
        let q = readout.outputs, m = inputs.count
        var sum = IntervalBatch(lower: Matrix(rows: q, cols: m), upper: Matrix(rows: q, cols: m))
        sum.lower.addToEachColumn(readout.bias)
        sum.upper.addToEachColumn(readout.bias)
        var terms = 1
        if !readout.d.isZero {
            sum.add(IntervalMatrix(readout.d).bounds(inputs.boxes))
            terms += 1
        }
        let offsets = model.stateOffsets
        for (k, block) in readout.c.blocks(inRow: 0) {
            let source = offsets[k]..<(offsets[k] + model.states[k].size)
            sum.add(IntervalMatrix(block).bounds(states.state.rows(source)))
            terms += 1
        }
        return sum.widened(by: Double(terms) * Self.additionAllowancePerTerm)
    }

    /// Bounds on the raw outputs Cx + Du + c of the model over each box.
    public func outputBounds(_ inputs: InputSet) throws -> IntervalBatch {
        try readoutBounds(AffineReadout(model: model), states: try stateBounds(inputs), inputs: inputs)
    }

    /// b_k + B_k u + Σ_j A_kj x_j over the blocks j outside the component, bounded.
    private func knownPart(of k: Int, excluding members: Set<Int>, inputs: InputSet, states: IntervalBatch,
                           range: (Int) -> Range<Int>) -> IntervalBatch {
        let size = model.states[k].size, m = inputs.count
        let bias = Array(model.biasX[range(k)])
        var sum = IntervalBatch(lower: Matrix(rows: size, cols: m), upper: Matrix(rows: size, cols: m))
        sum.lower.addToEachColumn(bias)
        sum.upper.addToEachColumn(bias)
        var terms = 1
        if let product = inputProducts[k] {
            sum.add(product.bounds(inputs.boxes))
            terms += 1
        }
        for (j, product) in stateProducts[k] where !members.contains(j) {
            sum.add(product.bounds(states.rows(range(j))))
            terms += 1
        }
        return terms == 1 ? sum : sum.widened(by: Double(terms) * Self.additionAllowancePerTerm)
    }

    private func checkWidth(_ inputs: InputSet) throws {
        guard inputs.features == model.input.size else {
            throw BoundsError.invalidInputSet(why: "\(inputs.features) features per box for a model with \(model.input.size) inputs")
        }
    }

    /// Batches of the same count stacked row-wise.
    static func stacked(_ parts: [IntervalBatch]) -> IntervalBatch {
        let count = parts.first?.count ?? 0
        return IntervalBatch(lower: Matrix.verticallyStacked(parts.map(\.lower), cols: count),
                             upper: Matrix.verticallyStacked(parts.map(\.upper), cols: count))
    }
}
