import Foundation

/// A normalization applied to the outputs after y = Cx + Du + c: what classifiers end with.
public enum OutputHead: String, Sendable, Hashable, CaseIterable {
    case none
    /// Per sample: exp(y_i − max y) / Σ exp(y_j − max y).
    case softmax
    /// Per output: 1 / (1 + e^(−y)).
    case sigmoid

    /// Applies the head to every column (one sample per column) of a q × m output matrix.
    public func apply(toColumns values: inout [Double], rows q: Int) {
        guard q > 0 else { return }
        switch self {
        case .none: return
        case .sigmoid:
            for i in values.indices { values[i] = 1 / (1 + exp(-values[i])) }
        case .softmax:
            StateMap.softmax.apply(toColumns: &values, rows: q)
        }
    }
}
