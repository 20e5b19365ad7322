import ImplicitModel

extension ProtobufModelReader {
    /// `implicit`: ports, state blocks, the blocks of A, B and C addressed by state name, D and
    /// the output bias.
    func read(_ message: Implicit_V1_ImplicitModel, budget: MemoryBudget) throws -> ImplicitModel {
        let input = try port(message.input, isSet: message.hasInput, path: "implicit.input", allowEmpty: true)
        let output = try port(message.output, isSet: message.hasOutput, path: "implicit.output", allowEmpty: false)
        guard output.name != input.name else {
            throw error("implicit.output.name", "the name '\(output.name)' is also the input's")
        }
        var blockOf: [String: Int] = [:]
        var states: [StateBlock] = []
        var biases: [[Double]] = []
        for (k, state) in message.states.enumerated() {
            let path = "implicit.states[\(k)]"
            guard !state.name.isEmpty else { throw error(path + ".name", "must not be empty") }
            guard blockOf[state.name] == nil, state.name != input.name, state.name != output.name else {
                throw error(path + ".name", "the name '\(state.name)' is used twice")
            }
            let size = try dimension(state.size, path: path + ".size", allowZero: false)
            blockOf[state.name] = k
            states.append(StateBlock(name: state.name, size: size,
                                     map: try map(state.activation, isSet: state.hasActivation, perState: state.stateActivations,
                                                  size: size, path: path, perStateField: "state_activations")))
            biases.append(try bias(state.bias, count: size, path: path + ".bias", budget: budget))
        }

        // The model starts with a zero q × p D, whether or not the file gives one.
        try reserve(.matrix(rows: output.size, cols: input.size), from: budget, at: "implicit.d", "D")
        var model = ImplicitModel.Builder(input: input, output: output, head: try head(message.head, path: "implicit.head"), states: states)
        model.biasX = biases.flatMap { $0 }
        model.biasY = try bias(message.outputBias, count: output.size, path: "implicit.output_bias", budget: budget)

        func state(_ name: String, _ path: String) throws -> Int {
            guard !name.isEmpty else { throw error(path, "must name a state block") }
            guard let k = blockOf[name] else { throw error(path, "no state block named '\(name)'") }
            return k
        }
        func mustBeEmpty(_ name: String, _ path: String, _ why: String) throws {
            guard name.isEmpty else { throw error(path, "must be empty: \(why)") }
        }
        func place(_ block: Implicit_V1_Block, in matrix: inout BlockSparseMatrix, row: Int, col: Int,
                   rows: Int, cols: Int, path: String) throws {
            guard matrix[row, col] == nil else { throw error(path, "the same block is given twice") }
            matrix[row, col] = try self.matrix(block.values, isSet: block.hasValues, rows: rows, cols: cols,
                                               path: path + ".values", budget: budget)
        }

        for (k, block) in message.a.enumerated() {
            let path = "implicit.a[\(k)]"
            let r = try state(block.rowState, path + ".row_state"), c = try state(block.colState, path + ".col_state")
            try place(block, in: &model.a, row: r, col: c, rows: states[r].size, cols: states[c].size, path: path)
        }
        for (k, block) in message.b.enumerated() {
            let path = "implicit.b[\(k)]"
            let r = try state(block.rowState, path + ".row_state")
            try mustBeEmpty(block.colState, path + ".col_state", "the columns of B are the input")
            try place(block, in: &model.b, row: r, col: 0, rows: states[r].size, cols: input.size, path: path)
        }
        for (k, block) in message.c.enumerated() {
            let path = "implicit.c[\(k)]"
            try mustBeEmpty(block.rowState, path + ".row_state", "the rows of C are the output")
            let c = try state(block.colState, path + ".col_state")
            try place(block, in: &model.c, row: 0, col: c, rows: output.size, cols: states[c].size, path: path)
        }
        if message.hasD {
            model.d = try matrix(message.d, isSet: true, rows: output.size, cols: input.size, path: "implicit.d", budget: budget)
        }
        return try rethrowModelError(at: "implicit") { try model.build() }
    }
}
