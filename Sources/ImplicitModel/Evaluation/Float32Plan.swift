import Linalg

/// A feedforward model compiled to float32: one `sgemm` per stored block over buffers allocated
/// once per batch, the way onnxruntime runs a float32 ONNX model.
///
/// The plan holds each weight in float32: a copy made once, or the buffer itself of a weight
/// kept in float32 as read (`Matrix.storage`).
/// Evaluation is the block substitution of `evaluate(_:options:)` in the components' order
/// (z_k = Σ_j A_kj x_j + B_k u + b_k, x_k = φ(z_k); ŷ = Σ_j C_j x_j + D u + c), with
/// float32 products and sums: results differ from the float64 evaluation by rounding, of order
/// 1e-7 · (number of terms) relative, as any float32 runtime's do. A state buffer returns to a
/// pool after its last reader, so a chain of layers needs two buffers whatever its depth.
public struct Float32Plan: Sendable {
    enum Source: Sendable, Equatable {
        case input
        case state(Int)
    }

    struct Term: Sendable {
        let source: Source
        let weight: Float32Matrix
    }

    struct Step: Sendable {
        let size: Int
        let terms: [Term]
        let bias: [Float]
        let map: StateMap
        /// The buffer this block's states live in.
        let slot: Int
    }

    let inputSize: Int
    let steps: [Step]
    /// Slot of each state block.
    let slotOfBlock: [Int]
    /// Row capacity of each slot.
    let slotRows: [Int]
    let outputTerms: [Term]
    let outputBias: [Float]
    let head: OutputHead

    /// Compiles `model`, or returns nil when A has a cyclic component (a fixed point needs
    /// float64 to meet its tolerances).
    public init?(_ model: ImplicitModel) {
        let structure = BlockStructure(model)
        guard structure.isAcyclic else { return nil }
        let order = structure.components.map { $0.blocks[0] }
        let offsets = model.stateOffsets
        inputSize = model.input.size
        head = model.head

        // The last step (or the readout, position order.count) that reads each block.
        var position = [Int](repeating: 0, count: model.states.count)
        for (p, k) in order.enumerated() { position[k] = p }
        var lastUse = [Int](repeating: -1, count: model.states.count)
        for index in model.a.blocks.keys { lastUse[index.col] = max(lastUse[index.col], position[index.row]) }
        for index in model.c.blocks.keys { lastUse[index.col] = order.count }

        var slotRows: [Int] = []
        var free: [Int] = []
        var slotOfBlock = [Int](repeating: -1, count: model.states.count)
        // A slot is free from the step after its block's last reader on.
        var releases = [[Int]](repeating: [], count: order.count + 2)
        var steps: [Step] = []
        for (p, k) in order.enumerated() {
            for slot in releases[p] { free.append(slot) }
            let size = model.states[k].size
            let slot: Int
            if let i = free.firstIndex(where: { slotRows[$0] >= size }) ?? free.indices.first {
                slot = free.remove(at: i)
                slotRows[slot] = max(slotRows[slot], size)
            } else {
                slot = slotRows.count
                slotRows.append(size)
            }
            slotOfBlock[k] = slot
            releases[lastUse[k] >= 0 ? lastUse[k] + 1 : p + 1].append(slot)
            var terms: [Term] = []
            if let bk = model.b[k, 0] { terms.append(Term(source: .input, weight: Float32Matrix(bk))) }
            for (j, akj) in model.a.blocks(inRow: k) { terms.append(Term(source: .state(j), weight: Float32Matrix(akj))) }
            let bias = model.biasX[offsets[k]..<(offsets[k] + size)].map { Float($0) }
            steps.append(Step(size: size, terms: terms, bias: bias, map: model.states[k].map, slot: slot))
        }
        self.steps = steps
        self.slotOfBlock = slotOfBlock
        self.slotRows = slotRows
        var outputTerms: [Term] = []
        if !model.d.isZero { outputTerms.append(Term(source: .input, weight: Float32Matrix(model.d))) }
        for (j, cj) in model.c.blocks(inRow: 0) { outputTerms.append(Term(source: .state(j), weight: Float32Matrix(cj))) }
        self.outputTerms = outputTerms
        outputBias = model.biasY.map { Float($0) }
    }

    /// ŷ(u) for a batch, as `ImplicitModel.predict` but in float32.
    /// - Parameters:
    ///   - inputs: p × m, one sample per column.
    /// - Returns: q × m outputs (widened to Double), the head applied unless `applyHead` is false.
    /// - Throws: `EvaluationError` for a wrong input width or non-finite inputs.
    public func predict(_ inputs: Matrix, applyHead: Bool = true) throws -> Matrix {
        guard inputs.rows == inputSize else {
            throw EvaluationError.inputShape(expected: inputSize, found: inputs.rows)
        }
        if let bad = inputs.firstNonFiniteElement {
            throw EvaluationError.nonFiniteInput(sample: bad.col, feature: bad.row)
        }
        let m = inputs.cols
        // Column-major before narrowing: the transpose of a C-order X.npy is TransposeKernel's
        // parallel pass, not Float32Matrix's element-by-element one.
        let u = Float32Matrix(inputs.inLayout(.columnMajor))
        var slots = slotRows.map { [Float](repeating: 0, count: $0 * m) }
        var y = [Float](repeating: 0, count: outputBias.count * m)
        u.columnMajorElements.withUnsafeBufferPointer { u in
            for step in steps {
                var z = slots[step.slot]
                slots[step.slot] = []
                z.withUnsafeMutableBufferPointer { z in
                    combine(step.terms, bias: step.bias, rows: step.size, m: m, input: u.baseAddress!, slots: slots, into: z.baseAddress!)
                    step.map.apply(toFloat32Columns: UnsafeMutableBufferPointer(rebasing: z[0..<(step.size * m)]), rows: step.size)
                }
                slots[step.slot] = z
            }
            y.withUnsafeMutableBufferPointer { y in
                combine(outputTerms, bias: outputBias, rows: outputBias.count, m: m, input: u.baseAddress!, slots: slots, into: y.baseAddress!)
            }
        }
        var result = Matrix(rows: outputBias.count, cols: m, columnMajor: y.map { Double($0) })
        if applyHead {
            head.apply(toColumnsOf: &result)
        }
        return result
    }

    /// out (rows × m, leading dimension rows) ← bias broadcast + Σ terms, one sgemm per term.
    private func combine(_ terms: [Term], bias: [Float], rows: Int, m: Int, input: UnsafePointer<Float>,
                         slots: [[Float]], into out: UnsafeMutablePointer<Float>) {
        bias.withUnsafeBufferPointer { b in
            for j in 0..<m { (out + j * rows).update(from: b.baseAddress!, count: rows) }
        }
        for term in terms {
            switch term.source {
            case .input:
                term.weight.multiply(input, columns: m, beta: 1, into: out)
            case .state(let j):
                slots[slotOfBlock[j]].withUnsafeBufferPointer { x in
                    term.weight.multiply(x.baseAddress!, columns: m, beta: 1, into: out)
                }
            }
        }
    }
}
