import Linalg

/// Φ of one cyclic component: each state block's map on its own rows of the pre-activation,
///
///     Φ(z) = (map₁(z₁), …, map_K(z_K)),   z_k = the rows `rows_k` of z,
///
/// so Φ'(z) is block diagonal (`ComponentMap+Jacobian.swift`). Elementwise and per-state blocks
/// give the same numbers as their activations applied state by state, block maps (softmax, LN)
/// those of `StateMap.applyBlock`.
struct ComponentMap: Sendable {
    /// One state block of the component: its map and the rows it owns.
    struct Block: Sendable {
        let map: StateMap
        let rows: Range<Int>
    }

    let blocks: [Block]
    /// n, the component's number of states (the blocks' rows tile 0..<n).
    let states: Int

    /// The blocks of `sizes[k]` states with map `maps[k]`, in order.
    init(maps: [StateMap], sizes: [Int]) {
        precondition(maps.count == sizes.count, "\(maps.count) maps for \(sizes.count) blocks")
        var start = 0
        var blocks: [Block] = []
        for (map, size) in zip(maps, sizes) {
            blocks.append(Block(map: map, rows: start..<(start + size)))
            start += size
        }
        self.blocks = blocks
        states = start
    }

    /// One block whose state i applies `activations[i]`.
    init(activations: [Activation]) {
        self.init(maps: [StateMap(activations: activations)], sizes: [activations.count])
    }

    /// z ← Φ(z) in place over an n × m matrix with one sample per column: each block's rows of
    /// a column are contiguous in column-major order and are mapped where they lie.
    func apply(to z: inout Matrix) {
        precondition(z.rows == states, "\(z.rows) rows for a component of \(states) states")
        if let only = blocks.first, blocks.count == 1 {
            only.map.apply(toColumnsOf: &z)
            return
        }
        let n = states, m = z.cols
        z.withMutableColumnMajorElements { buffer in
            for j in 0..<m {
                for block in blocks {
                    let sample = (j * n + block.rows.lowerBound)..<(j * n + block.rows.upperBound)
                    block.map.applyBlock(UnsafeMutableBufferPointer(rebasing: buffer[sample]))
                }
            }
        }
    }

    /// z ← Φ(z) in place for one sample.
    func apply(toSample z: inout [Double]) {
        precondition(z.count == states, "\(z.count) values for a component of \(states) states")
        z.withUnsafeMutableBufferPointer { buffer in
            for block in blocks {
                block.map.applyBlock(UnsafeMutableBufferPointer(rebasing: buffer[block.rows]))
            }
        }
    }
}
