import ImplicitModel

extension ImplicitModel {
    /// The model on a subset of its states: blocks shrink to their kept states, blocks left empty
    /// disappear, names, activations and the order of what remains are kept. The removed states'
    /// rows and columns of A, B and C are dropped; whoever read them must already account for it
    /// (constants folded into the biases, or the states never reach the output). A block with a
    /// block map is kept whole or dropped whole (`OutputReachability` keeps its states together).
    /// `biasX` (full length, before restriction) and `biasY` replace the model's biases.
    /// - Throws: `ModelError` only if a bias given is not finite (the only values not taken from
    ///   this model, so the only ones scanned).
    func restricted(toStates keep: [Bool], biasX newBiasX: [Double], biasY newBiasY: [Double]) throws -> ImplicitModel {
        precondition(keep.count == stateCount, "keep mask of \(keep.count) for \(stateCount) states")
        let offsets = stateOffsets
        let keptLocal = states.indices.map { k in (0..<states[k].size).filter { keep[offsets[k] + $0] } }
        let keptBlocks = states.indices.filter { !keptLocal[$0].isEmpty }
        var newIndex = [Int?](repeating: nil, count: states.count)
        for (position, k) in keptBlocks.enumerated() { newIndex[k] = position }
        let newStates = keptBlocks.map { k in
            guard let map = states[k].map.restricted(to: keptLocal[k], size: states[k].size) else {
                preconditionFailure("block '\(states[k].name)' applies a block map and must be kept whole")
            }
            return StateBlock(name: states[k].name, size: keptLocal[k].count, map: map)
        }
        var result = Builder(input: input, output: output, head: head, states: newStates)
        for (index, block) in a.sortedBlocks {
            guard let r = newIndex[index.row], let c = newIndex[index.col] else { continue }
            result.a[r, c] = block.submatrix(rows: keptLocal[index.row], cols: keptLocal[index.col])
        }
        for (index, block) in b.sortedBlocks {
            guard let r = newIndex[index.row] else { continue }
            result.b[r, 0] = block.submatrix(rows: keptLocal[index.row], cols: Array(0..<input.size))
        }
        for (index, block) in c.sortedBlocks {
            guard let col = newIndex[index.col] else { continue }
            result.c[0, col] = block.submatrix(rows: Array(0..<output.size), cols: keptLocal[index.col])
        }
        result.d = d
        result.biasX = (0..<stateCount).filter { keep[$0] }.map { newBiasX[$0] }
        result.biasY = newBiasY
        // A, B, C are submatrices of this model's blocks and D is its own: only the biases given
        // are new values.
        return try result.build(knownFinite: .weights)
    }

    /// The model reading only the given input columns, in the order given: the columns of B and
    /// D not listed are dropped (exact when they are zero). The input keeps its sample shape
    /// only when every column is kept in order; a subset of pixels is a plain vector.
    func restricted(toInputs columns: [Int]) throws -> ImplicitModel {
        let shape = columns == Array(0..<input.size) ? input.shape : nil
        var result = Builder(input: Port(name: input.name, size: columns.count, shape: shape), output: output,
                             head: head, states: states)
        result.a = a
        for (index, block) in b.sortedBlocks {
            result.b[index.row, 0] = block.submatrix(rows: Array(0..<block.rows), cols: columns)
        }
        result.c = c
        result.d = d.submatrix(rows: Array(0..<output.size), cols: columns)
        result.biasX = biasX
        result.biasY = biasY
        // Every value is this model's, or a column subset of it.
        return try result.build(knownFinite: .all)
    }
}
