import ImplicitModel

extension ImplicitModel.Builder {
    /// Inserts a new, unconnected state block at `position` (its rows and columns of A, B, C
    /// zero, its biases zero); the blocks from `position` on move one place.
    mutating func insert(_ block: StateBlock, at position: Int) {
        precondition(position >= 0 && position <= states.count, "block position \(position) out of range")
        func shifted(_ k: Int) -> Int { k >= position ? k + 1 : k }
        var newStates = states
        newStates.insert(block, at: position)
        var result = ImplicitModel.Builder(input: input, output: output, head: head, states: newStates)
        for (index, m) in a.sortedBlocks { result.a[shifted(index.row), shifted(index.col)] = m }
        for (index, m) in b.sortedBlocks { result.b[shifted(index.row), 0] = m }
        for (index, m) in c.sortedBlocks { result.c[0, shifted(index.col)] = m }
        result.d = d
        let offset = states[..<position].reduce(0) { $0 + $1.size }
        result.biasX = biasX
        result.biasX.insert(contentsOf: [Double](repeating: 0, count: block.size), at: offset)
        result.biasY = biasY
        self = result
    }
}

extension ImplicitModel {

    /// `base` if no block has that name, else `base_2`, `base_3`, …
    func unusedBlockName(_ base: String) -> String {
        let taken = Set(states.map(\.name))
        if !taken.contains(base) { return base }
        var suffix = 2
        while taken.contains("\(base)_\(suffix)") { suffix += 1 }
        return "\(base)_\(suffix)"
    }
}
