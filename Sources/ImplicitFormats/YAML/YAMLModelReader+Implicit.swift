import ImplicitModel

extension YAMLModelReader {
    /// `kind: implicit`: input, output (name, size, head, bias), states (name, size, activation,
    /// bias), and the blocks of A (row, col), B (row), C (col), each `{…, weight}`, and D.
    func readImplicit(_ root: YAMLValue) throws -> ImplicitModel {
        try root.onlyKeys(["kind", "input", "output", "states", "A", "B", "C", "D"])
        let inputValue = try root.required("input")
        try inputValue.onlyKeys(["name", "size", "shape"])
        let input = try port(inputValue)
        let inputShape = try sampleShape(inputValue, size: input.size ?? 0)
        let outputValue = try root.required("output")
        try outputValue.onlyKeys(["name", "size", "head", "bias"])
        let output = try port(outputValue)
        guard (output.size ?? 0) > 0 else { throw outputValue.error("the output needs at least one value") }
        let p = input.size ?? 0, q = output.size ?? 0

        var states: [StateBlock] = []
        var biases: [[Double]] = []
        var blockOf: [String: Int] = [:]
        for value in try root.required("states").sequence() {
            try value.onlyKeys(["name", "size", "activation", "bias"])
            let header = try port(value)
            let size = header.size ?? 0
            guard size > 0 else { throw value.error("state block '\(header.name)' has no states") }
            guard blockOf[header.name] == nil else { throw value.error("the name '\(header.name)' is used twice") }
            blockOf[header.name] = states.count
            states.append(StateBlock(name: header.name, size: size, map: try map(value.required("activation"), size: size)))
            biases.append(try vector(value.optional("bias"), count: size, what: "the bias of '\(header.name)'", owner: value))
        }
        // The model starts with zero biases and a zero q × p D, whether or not the file gives them.
        try reserve(q, p, for: "D", at: outputValue)
        try reserve(biases.reduce(0) { $0 + $1.count } + q, for: "the biases", at: root)

        var model = ImplicitModel.Builder(input: Port(name: input.name, size: p, shape: inputShape), output: Port(name: output.name, size: q),
                                          head: try head(outputValue.optional("head")), states: states)
        model.biasX = biases.flatMap { $0 }
        model.biasY = try vector(outputValue.optional("bias"), count: q, what: "the output bias", owner: outputValue)

        func block(_ value: YAMLValue, key: String) throws -> Int {
            let nameValue = try value.required(key)
            let name = try nameValue.string()
            guard let k = blockOf[name] else { throw nameValue.error("no state block named '\(name)'") }
            return k
        }
        func place(_ value: YAMLValue, _ matrix: inout BlockSparseMatrix, row: Int, col: Int, rows: Int, cols: Int, what: String) throws {
            guard matrix[row, col] == nil else { throw value.error("\(what) is given twice") }
            matrix[row, col] = try self.matrix(value.required("weight"), rows: rows, cols: cols, what: what)
        }
        for value in try root.optional("A")?.sequence() ?? [] {
            try value.onlyKeys(["row", "col", "weight"])
            let (r, c) = (try block(value, key: "row"), try block(value, key: "col"))
            try place(value, &model.a, row: r, col: c, rows: states[r].size, cols: states[c].size,
                      what: "A[\(states[r].name), \(states[c].name)]")
        }
        for value in try root.optional("B")?.sequence() ?? [] {
            try value.onlyKeys(["row", "weight"])
            let r = try block(value, key: "row")
            try place(value, &model.b, row: r, col: 0, rows: states[r].size, cols: p, what: "B[\(states[r].name)]")
        }
        for value in try root.optional("C")?.sequence() ?? [] {
            try value.onlyKeys(["col", "weight"])
            let c = try block(value, key: "col")
            try place(value, &model.c, row: 0, col: c, rows: q, cols: states[c].size, what: "C[\(states[c].name)]")
        }
        if let dValue = try root.optional("D") { model.d = try matrix(dValue, rows: q, cols: p, what: "D") }
        do { return try model.build() } catch let error as ModelError { throw root.error(error.description) }
    }
}
