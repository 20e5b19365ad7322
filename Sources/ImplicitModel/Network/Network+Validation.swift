extension Network {
    /// Checks names, references, shapes and values; returns the layer indices in an order where
    /// every layer comes after the layers it reads (Kahn's algorithm, stable in listing order).
    ///
    /// - Throws: `ModelError` naming the layer or term at fault; a cycle lists its layers.
    public func topologicalOrder() throws -> [Int] {
        var indexByName: [String: Int] = [:]
        var taken: Set<String> = [input.name]
        for (i, layer) in layers.enumerated() {
            guard taken.insert(layer.name).inserted else { throw ModelError.duplicateName(layer.name) }
            indexByName[layer.name] = i
        }
        guard !indexByName.keys.contains(output.name) else { throw ModelError.duplicateName(output.name) }
        if input.size < 0 { throw ModelError.emptyLayer(input.name) }

        func check(terms: [Term], receiver: String, size: Int, bias: [Double]) throws -> [Int] {
            if size == 0 { throw ModelError.emptyLayer(receiver) }
            guard bias.allSatisfy(\.isFinite) else { throw ModelError.nonFinite(what: "the bias of '\(receiver)'") }
            var reads: [Int] = []
            for term in terms {
                let sourceSize: Int
                if term.source == input.name {
                    sourceSize = input.size
                } else if let j = indexByName[term.source] {
                    sourceSize = layers[j].size
                    reads.append(j)
                } else {
                    throw ModelError.unknownSource(receiver: receiver, source: term.source)
                }
                guard term.weight.rows == size, term.weight.cols == sourceSize else {
                    throw ModelError.shapeMismatch(what: "the weight from '\(term.source)' into '\(receiver)'",
                                                   expected: "\(size)×\(sourceSize)",
                                                   found: "\(term.weight.rows)×\(term.weight.cols)")
                }
                guard term.weight.isFinite else {
                    throw ModelError.nonFinite(what: "the weight from '\(term.source)' into '\(receiver)'")
                }
            }
            return reads
        }

        var dependencies: [[Int]] = []
        for layer in layers {
            try layer.map.validate(size: layer.size, owner: layer.name)
            dependencies.append(try check(terms: layer.terms, receiver: layer.name, size: layer.size, bias: layer.bias))
        }
        _ = try check(terms: output.terms, receiver: output.name, size: output.size, bias: output.bias)

        var remaining = dependencies.map { Set($0).count }
        var readers = [[Int]](repeating: [], count: layers.count)
        for (i, deps) in dependencies.enumerated() { for j in Set(deps) { readers[j].append(i) } }
        var order: [Int] = []
        var ready = (0..<layers.count).filter { remaining[$0] == 0 }
        var cursor = 0
        while cursor < ready.count {
            let i = ready[cursor]; cursor += 1
            order.append(i)
            for r in readers[i] {
                remaining[r] -= 1
                if remaining[r] == 0 { ready.append(r) }
            }
        }
        if order.count < layers.count {
            throw ModelError.cycle(cycleNames(dependencies: dependencies, unresolved: Set((0..<layers.count).filter { remaining[$0] > 0 })))
        }
        return order
    }

    /// One cycle among the unresolved layers, found by following dependencies until a repeat.
    private func cycleNames(dependencies: [[Int]], unresolved: Set<Int>) -> [String] {
        guard var current = unresolved.min() else { return [] }
        var path: [Int] = [], seen: [Int: Int] = [:]
        while seen[current] == nil {
            seen[current] = path.count
            path.append(current)
            guard let next = dependencies[current].first(where: unresolved.contains) else { break }
            current = next
        }
        let start = seen[current] ?? 0
        return (path[start...] + [current]).map { layers[$0].name }
    }
}
