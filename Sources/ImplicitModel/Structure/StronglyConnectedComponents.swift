/// Tarjan's strongly connected components of a directed graph, iteratively (no recursion, so a
/// hostile file with a million blocks cannot overflow the stack).
///
/// With edges `i → j` meaning "i reads j", components come out dependencies first: every
/// component appears after all components it reads, which is the order to evaluate them in.
public struct StronglyConnectedComponents: Sendable {
    /// Each component's vertices, ascending, in dependency-first order.
    public let components: [[Int]]
    /// For each vertex, the index of its component in `components`.
    public let componentOf: [Int]

    /// - Parameter successors: `successors[i]` lists the vertices i has an edge to.
    public init(successors: [[Int]]) {
        let n = successors.count
        var index = [Int](repeating: -1, count: n)
        var lowLink = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int] = []
        var result: [[Int]] = []
        var nextIndex = 0
        // Frames of the depth-first search: vertex and position in its successor list.
        var frames: [(vertex: Int, edge: Int)] = []
        for root in 0..<n where index[root] < 0 {
            frames.append((root, 0))
            index[root] = nextIndex; lowLink[root] = nextIndex; nextIndex += 1
            stack.append(root); onStack[root] = true
            while let frame = frames.last {
                let v = frame.vertex
                if frame.edge < successors[v].count {
                    frames[frames.count - 1].edge += 1
                    let w = successors[v][frame.edge]
                    if index[w] < 0 {
                        index[w] = nextIndex; lowLink[w] = nextIndex; nextIndex += 1
                        stack.append(w); onStack[w] = true
                        frames.append((w, 0))
                    } else if onStack[w] {
                        lowLink[v] = min(lowLink[v], index[w])
                    }
                } else {
                    frames.removeLast()
                    if let parent = frames.last { lowLink[parent.vertex] = min(lowLink[parent.vertex], lowLink[v]) }
                    if lowLink[v] == index[v] {
                        var component: [Int] = []
                        while let w = stack.popLast() {
                            onStack[w] = false
                            component.append(w)
                            if w == v { break }
                        }
                        result.append(component.sorted())
                    }
                }
            }
        }
        components = result
        var owner = [Int](repeating: 0, count: n)
        for (c, members) in result.enumerated() { for v in members { owner[v] = c } }
        componentOf = owner
    }
}
