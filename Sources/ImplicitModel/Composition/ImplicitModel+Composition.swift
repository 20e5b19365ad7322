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
}
