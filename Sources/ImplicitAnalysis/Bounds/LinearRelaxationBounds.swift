import ImplicitModel

/// CROWN-style bounds (Zhang, Weng, Chen, Hsieh, Daniel, *Efficient Neural Network Robustness
/// Certification with General Activation Functions*, NeurIPS 2018) for feedforward models: the
/// readout is propagated backwards through linear relaxations of every activation.
///
/// For an upper bound of f = Λ x_k + …, each unit of x_k = φ(z_k) is replaced by its upper line
/// where its coefficient is positive and its lower line where negative (`LinearRelaxation` over
/// the unit's pre-activation interval), giving Γ z_k + const; z_k = Σ_j A_kj x_j + B_k u + b_k
/// then moves Γ A_kj onto the blocks read (one gemm per stored block), down to a linear function
/// of u alone, maximised over the box exactly: Λ_u c + |Λ_u| r. The lower bound is the upper
/// bound of −f, run in the same pass (the readout's rows and their negations are stacked).
///
/// Intermediate bounds, block by block in evaluation order: each block's pre-activations are
/// bounded by the same backward pass from the block itself, through the relaxations of the
/// blocks before it, and intersected with the interval bounds, so the relaxations only tighten.
/// Cost: bounding block k runs a pass with 2·n_k rows per box through every earlier block, so
/// the total grows with the square of depth (docs/robustness.md).
///
/// Soundness in floating point: every step adds its rounding allowance to the bound, γ times
/// the magnitudes involved (|Λ| and |Γ| against the states' and pre-activations' largest values
/// from the interval bounds).
public struct LinearRelaxationBounds: Sendable {
    public let model: ImplicitModel
    /// Blocks in evaluation order.
    private let order: [Int]
    /// The activation of every state (the model has no block map).
    private let activations: [Activation]
    /// The most coefficients one backward pass holds per block at once: boxes are processed in
    /// chunks below it (2²³ doubles, 64 MiB).
    static let coefficientBudget = 1 << 23

    /// - Throws: `BoundsError.unsupportedModel` when A has a cyclic component or a block applies a
    ///   block map (softmax, layer normalisation: no linear relaxation is implemented for them;
    ///   `auto` then falls back to interval propagation).
    public init(model: ImplicitModel) throws {
        let structure = BlockStructure(model)
        guard let activations = model.stateActivations else {
            let names = model.states.filter(\.map.isBlockMap).map(\.name).joined(separator: ", ")
            throw BoundsError.unsupportedModel(why: "linear relaxation (crown) has no relaxation of block maps (softmax, layer normalisation) yet; blocks \(names) apply one")
        }
        self.activations = activations
        if let cyclic = structure.components.first(where: \.isCyclic) {
            let names = cyclic.blocks.map { model.states[$0].name }.joined(separator: ", ")
            throw BoundsError.unsupportedModel(why: "linear relaxation (crown) bounds feedforward models; component {\(names)} is cyclic")
        }
        self.model = model
        order = structure.components.map { $0.blocks[0] }
    }

    /// The interval state bounds tightened block by block (pre-activations ∩ the backward bound).
    public func stateBounds(_ inputs: InputSet, intervals: StateBounds) -> StateBounds {
        var bounds = intervals
        let offsets = model.stateOffsets
        for (position, k) in order.enumerated() {
            // A block that reads only the input has an affine pre-activation in u, which the
            // interval bounds give exactly already.
            let reads = model.a.blocks(inRow: k)
            if reads.isEmpty { continue }
            let size = model.states[k].size, range = offsets[k]..<(offsets[k] + size)
            var c = BlockSparseMatrix(rowBlockSizes: [size], colBlockSizes: model.stateSizes)
            for (j, block) in reads { c[0, j] = block }
            let readout = AffineReadout(c: c, d: model.b[k, 0] ?? Matrix(rows: size, cols: model.input.size),
                                        bias: Array(model.biasX[range]))
            let refined = backward(readout, bounds: bounds, inputs: inputs, through: position)
            for j in 0..<inputs.count {
                for (local, i) in range.enumerated() {
                    let lo = Swift.max(bounds.preActivation.lower[i, j], refined.lower[local, j])
                    let hi = Swift.min(bounds.preActivation.upper[i, j], refined.upper[local, j])
                    bounds.preActivation.lower[i, j] = lo
                    bounds.preActivation.upper[i, j] = hi
                    let image = activations[i].intervalImage(lower: lo, upper: hi)
                    bounds.state.lower[i, j] = image.lower
                    bounds.state.upper[i, j] = image.upper
                }
            }
        }
        return bounds
    }

    /// Backward bounds on a readout over every box, from the (refined) state bounds.
    public func readoutBounds(_ readout: AffineReadout, states: StateBounds, inputs: InputSet) -> IntervalBatch {
        backward(readout, bounds: states, inputs: inputs, through: order.count)
    }

    /// γ for the products and sums of one backward step: 2·(largest inner dimension) + 8 ulps.
    private var roundingFactor: Double {
        let widest = ([model.input.size, model.output.size] + model.stateSizes).max() ?? 1
        let terms = Double(2 * widest + 8) * Double.ulpOfOne
        return terms / (1 - terms)
    }

    /// The backward pass of `readout` through the blocks at positions 0..<end of the order.
    private func backward(_ readout: AffineReadout, bounds: StateBounds, inputs: InputSet, through end: Int) -> IntervalBatch {
        let q = readout.outputs, m = inputs.count
        var result = IntervalBatch(lower: Matrix(rows: q, cols: m), upper: Matrix(rows: q, cols: m))
        guard q > 0 else { return result }
        let widest = ([model.input.size] + model.stateSizes).max() ?? 1
        let chunk = Swift.max(1, Self.coefficientBudget / Swift.max(1, 2 * q * widest))
        var start = 0
        while start < m {
            let boxes = start..<Swift.min(m, start + chunk)
            let part = backward(readout, bounds: bounds, inputs: inputs, boxes: boxes, through: end)
            for (local, j) in boxes.enumerated() {
                for i in 0..<q {
                    result.lower[i, j] = part.lower[i, local]
                    result.upper[i, j] = part.upper[i, local]
                }
            }
            start = boxes.upperBound
        }
        return result
    }

    private func backward(_ readout: AffineReadout, bounds: StateBounds, inputs: InputSet, boxes: Range<Int>,
                          through end: Int) -> IntervalBatch {
        let q = readout.outputs, perBox = 2 * q, rows = perBox * boxes.count
        let gamma = roundingFactor
        let offsets = model.stateOffsets
        // E stacks, per box, the readout's rows and their negations.
        var e = Matrix(rows: rows, cols: q)
        for b in 0..<boxes.count {
            for o in 0..<q {
                e[b * perBox + o, o] = 1
                e[b * perBox + q + o, o] = -1
            }
        }
        var coefficients: [Int: Matrix] = [:]
        for (k, block) in readout.c.blocks(inRow: 0) { coefficients[k] = e * block }
        var inputCoefficients = e * readout.d
        var constant = e.apply(to: readout.bias)
        var slack = [Double](repeating: 0, count: rows)

        for position in (0..<end).reversed() {
            let k = order[position]
            guard let lambda = coefficients.removeValue(forKey: k) else { continue }
            let size = model.states[k].size, first = offsets[k]
            var relaxations: [LinearRelaxation] = []
            relaxations.reserveCapacity(size * boxes.count)
            var stateMagnitude = Matrix(rows: size, cols: boxes.count), preMagnitude = stateMagnitude
            for (b, j) in boxes.enumerated() {
                for i in 0..<size {
                    let lo = bounds.preActivation.lower[first + i, j], hi = bounds.preActivation.upper[first + i, j]
                    relaxations.append(LinearRelaxation(activations[first + i], lower: lo, upper: hi))
                    preMagnitude[i, b] = Swift.max(Swift.abs(lo), Swift.abs(hi))
                    stateMagnitude[i, b] = Swift.max(Swift.abs(bounds.state.lower[first + i, j]),
                                                     Swift.abs(bounds.state.upper[first + i, j]))
                }
            }
            // |A_k·| max|x| + |B_k| max|u| + |b_k|: what a unit of Γ multiplies when z_k is expanded.
            var expansion = Matrix(rows: size, cols: boxes.count)
            for (j, block) in model.a.blocks(inRow: k) {
                let source = offsets[j]..<(offsets[j] + model.states[j].size)
                var magnitudes = Matrix(rows: source.count, cols: boxes.count)
                for (b, box) in boxes.enumerated() {
                    for (local, i) in source.enumerated() {
                        magnitudes[local, b] = Swift.max(Swift.abs(bounds.state.lower[i, box]), Swift.abs(bounds.state.upper[i, box]))
                    }
                }
                expansion.addProduct(block.absoluteValues, magnitudes)
            }
            if let bk = model.b[k, 0] { expansion.addProduct(bk.absoluteValues, inputMagnitudes(inputs, boxes)) }
            for b in 0..<boxes.count { for i in 0..<size { expansion[i, b] += Swift.abs(model.biasX[first + i]) } }

            var gammaMatrix = Matrix(rows: rows, cols: size)
            for r in 0..<rows {
                let b = r / perBox
                var added = 0.0, error = 0.0
                for i in 0..<size {
                    let weight = lambda[r, i]
                    if weight == 0 { continue }
                    let relaxation = relaxations[b * size + i]
                    let slope = weight > 0 ? relaxation.upperSlope : relaxation.lowerSlope
                    let intercept = weight > 0 ? relaxation.upperIntercept : relaxation.lowerIntercept
                    let g = weight * slope, term = weight * intercept
                    gammaMatrix[r, i] = g
                    added += term
                    error += Swift.abs(weight) * stateMagnitude[i, b] + Swift.abs(g) * (preMagnitude[i, b] + expansion[i, b])
                        + Swift.abs(term)
                }
                constant[r] += added
                slack[r] += gamma * (error + Swift.abs(constant[r]))
            }
            for (j, block) in model.a.blocks(inRow: k) {
                if coefficients[j] == nil { coefficients[j] = Matrix(rows: rows, cols: model.states[j].size) }
                coefficients[j]?.addProduct(gammaMatrix, block)
            }
            if let bk = model.b[k, 0] { inputCoefficients.addProduct(gammaMatrix, bk) }
            let biasTerms = gammaMatrix.apply(to: Array(model.biasX[first..<(first + size)]))
            for r in 0..<rows { constant[r] += biasTerms[r] }
        }

        // Λ_u u + const over box b: Λ_u c_b + |Λ_u| r_b, the exact maximum of a linear function.
        var best = [Double](repeating: 0, count: rows)
        let p = model.input.size
        for r in 0..<rows {
            let box = boxes.lowerBound + r / perBox
            var value = constant[r], magnitude = Swift.abs(constant[r])
            for f in 0..<p {
                let w = inputCoefficients[r, f]
                if w == 0 { continue }
                let lo = inputs.boxes.lower[f, box], hi = inputs.boxes.upper[f, box]
                let centre = 0.5 * lo + 0.5 * hi, radius = Swift.max(hi - centre, centre - lo)
                value += w * centre + Swift.abs(w) * radius
                magnitude += Swift.abs(w) * (Swift.abs(centre) + radius)
            }
            best[r] = value + slack[r] + gamma * magnitude + Double.leastNormalMagnitude
        }
        var result = IntervalBatch(lower: Matrix(rows: q, cols: boxes.count), upper: Matrix(rows: q, cols: boxes.count))
        for b in 0..<boxes.count {
            for o in 0..<q {
                result.upper[o, b] = best[b * perBox + o]
                result.lower[o, b] = -best[b * perBox + q + o]
            }
        }
        return result
    }

    private func inputMagnitudes(_ inputs: InputSet, _ boxes: Range<Int>) -> Matrix {
        var magnitudes = Matrix(rows: inputs.features, cols: boxes.count)
        for (b, j) in boxes.enumerated() {
            for f in 0..<inputs.features {
                magnitudes[f, b] = Swift.max(Swift.abs(inputs.boxes.lower[f, j]), Swift.abs(inputs.boxes.upper[f, j]))
            }
        }
        return magnitudes
    }
}
