/// How one side of M (its rows or its columns) is cut into the cells of the picture.
///
/// The side is a sequence of named segments (the state blocks, then the output or the input).
/// When it has at most `maxCells` entries every entry is one cell. Otherwise each segment gets
/// cells in proportion to its size, but at least `minCells` (or its size, if smaller), so that a
/// 10-unit output beside 32768 states stays visible; when those minimums would push the total
/// past 1.5 · `maxCells` (very many small blocks), the side is cut uniformly instead. A cell covers
/// the entries [cellStarts[t], cellStarts[t + 1]), never fewer than one.
public struct AxisSampling: Codable, Sendable, Equatable {
    public struct Segment: Codable, Sendable, Equatable {
        public let name: String
        /// The segment's first entry on this side of M.
        public let first: Int
        public let size: Int
    }

    public let length: Int
    public let segments: [Segment]
    /// cells + 1 entries: the first entry of each cell, then `length`.
    public let cellStarts: [Int]

    public var cells: Int { cellStarts.count - 1 }

    public init(segments named: [(name: String, size: Int)], maxCells: Int, minCells: Int) {
        var first = 0
        var segments: [Segment] = []
        for item in named {
            segments.append(Segment(name: item.name, first: first, size: item.size))
            first += item.size
        }
        self.segments = segments
        length = first
        let length = first
        let budget = Swift.max(1, maxCells)
        guard length > budget else {
            cellStarts = Array(0...length)
            return
        }
        let proportional = segments.map { segment -> Int in
            guard segment.size > 0 else { return 0 }
            let share = Int((Double(segment.size) * Double(budget) / Double(length)).rounded())
            return Swift.min(segment.size, Swift.max(share, Swift.min(segment.size, minCells), 1))
        }
        var starts: [Int] = []
        if Double(proportional.reduce(0, +)) <= 1.5 * Double(budget) {
            for (segment, cells) in zip(segments, proportional) {
                for t in 0..<cells { starts.append(segment.first + t * segment.size / cells) }
            }
        } else {
            for t in 0..<budget { starts.append(t * length / budget) }
        }
        starts.append(length)
        cellStarts = starts
    }

    /// The cell of every entry (length entries).
    func cellOfEntry() -> [Int] {
        var out = [Int](repeating: 0, count: length)
        for t in 0..<cells { for i in cellStarts[t]..<cellStarts[t + 1] { out[i] = t } }
        return out
    }

    /// Where entry `index` (or the boundary before it) falls, in cell units (fractional when a
    /// cell straddles it).
    public func position(of index: Int) -> Double {
        guard index < length else { return Double(cells) }
        var lo = 0, hi = cells - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if cellStarts[mid] <= index { lo = mid } else { hi = mid - 1 }
        }
        let span = Double(cellStarts[lo + 1] - cellStarts[lo])
        return Double(lo) + Double(index - cellStarts[lo]) / span
    }
}
