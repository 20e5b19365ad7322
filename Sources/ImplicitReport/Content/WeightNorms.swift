/// Euclidean norms of the rows and columns of M's parts: what each input and each state weighs.
///
/// - `inputColumns[k]` = ‖(B; D)[:, k]‖₂: how much input k can move anything (the paper's Figure 2;
///   zero means the model ignores the feature).
/// - `stateRows[i]` = ‖(A, B)[i, :]‖₂: how much state i reads (zero: a constant state φ(bᵢ)).
/// - `stateColumns[i]` = ‖(A; C)[:, i]‖₂: how much state i is read (zero: an unread state).
public struct WeightNorms: Codable, Sendable, Equatable {
    public let inputColumns: [Double]
    public let stateRows: [Double]
    public let stateColumns: [Double]
}
