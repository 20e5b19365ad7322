import ImplicitModel

/// Magnitude pruning: every weight with |w| ≤ t is set to zero, in A, B, C and D.
///
/// t is the threshold itself (absolute), or the threshold times the largest |entry| of the block
/// the weight belongs to (relative: each stored block of A, B, C, and D as a whole, so a layer of
/// small weights is not wiped out by a threshold chosen for another). Biases are kept. This is
/// lossy; the pipeline runs the exact reductions afterwards, since pruning leaves states with zero
/// rows (constant) or zero columns (unread), and measures the deviation.
public struct MagnitudePruning: Sendable, Equatable, Codable {
    public enum Scale: String, Sendable, Codable {
        case absolute
        /// Relative to each block's largest |entry|.
        case relative
    }

    public var threshold: Double
    public var scale: Scale

    public init(threshold: Double, scale: Scale = .absolute) {
        self.threshold = threshold
        self.scale = scale
    }

    /// - Returns: the pruned model and how many entries were zeroed in each matrix.
    /// - Throws: `ReductionError.invalidOption` for a negative or non-finite threshold.
    public func apply(to model: ImplicitModel) throws -> (model: ImplicitModel, report: MagnitudePruningReport) {
        guard threshold.isFinite, threshold >= 0 else {
            throw ReductionError.invalidOption(name: "threshold", why: "\(threshold) is not a finite number ≥ 0")
        }
        var pruned = ImplicitModel.Builder(model)
        var zeroed: [String: Int] = [:]
        func prune(_ matrix: Matrix, _ name: String) -> Matrix {
            let cut = scale == .absolute ? threshold : threshold * matrix.maxAbs
            var count = 0
            let result = matrix.mapElements { value in
                guard value != 0, abs(value) <= cut else { return value }
                count += 1
                return 0
            }
            zeroed[name, default: 0] += count
            return result
        }
        for (index, block) in model.a.sortedBlocks { pruned.a[index.row, index.col] = prune(block, "A") }
        for (index, block) in model.b.sortedBlocks { pruned.b[index.row, index.col] = prune(block, "B") }
        for (index, block) in model.c.sortedBlocks { pruned.c[index.row, index.col] = prune(block, "C") }
        pruned.d = prune(model.d, "D")
        for name in ["A", "B", "C", "D"] where zeroed[name] == nil { zeroed[name] = 0 }
        let report = MagnitudePruningReport(
            threshold: threshold, scale: scale, zeroedEntries: zeroed,
            removedBlocksOfA: model.a.blocks.count - pruned.a.blocks.count)
        // Every value is the model's own or a zero that replaced one.
        return (try pruned.build(knownFinite: .all), report)
    }
}
