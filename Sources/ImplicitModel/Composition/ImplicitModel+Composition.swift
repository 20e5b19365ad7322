extension ImplicitModel {
    /// State blocks of two models with names made unique: a name used by both becomes
    /// `first.NAME` and `second.NAME` (then `#2`, `#3`, … if even that is taken).
    static func disambiguatedStates(_ first: [StateBlock], _ second: [StateBlock]) -> [StateBlock] {
        let clashing = Set(first.map(\.name)).intersection(second.map(\.name))
        let preferred = first.map { clashing.contains($0.name) ? "first.\($0.name)" : $0.name }
            + second.map { clashing.contains($0.name) ? "second.\($0.name)" : $0.name }
        var taken: Set<String> = []
        var result: [StateBlock] = []
        for (block, name) in zip(first + second, preferred) {
            var candidate = name, counter = 1
            while taken.contains(candidate) { counter += 1; candidate = "\(name)#\(counter)" }
            taken.insert(candidate)
            result.append(StateBlock(name: candidate, size: block.size, map: block.map))
        }
        return result
    }

    /// What both compositions start from: the parts' states one after the other (names made
    /// unique by `disambiguatedStates`), A = diag(A₁, A₂), B = [B₁; 0] and b = [b₁; b₂]. The
    /// caller adds what couples the parts (second's B, C and D, and c) and builds the model.
    static func stacking(_ first: ImplicitModel, _ second: ImplicitModel, output: Port, head: OutputHead) -> Builder {
        let shift = first.states.count
        var model = Builder(input: first.input, output: output, head: head,
                            states: disambiguatedStates(first.states, second.states))
        for (index, block) in first.a.blocks { model.a[index.row, index.col] = block }
        for (index, block) in second.a.blocks { model.a[shift + index.row, shift + index.col] = block }
        for (k, block) in first.b.blocks(inColumn: 0) { model.b[k, 0] = block }
        model.biasX = first.biasX + second.biasX
        return model
    }
}
