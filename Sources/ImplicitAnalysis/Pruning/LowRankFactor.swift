/// One part of A (a cyclic component's A_cc, or one stored block) with its singular values and,
/// when it was factored, what the factorization kept and saved.
public struct LowRankFactor: Codable, Sendable, Equatable {
    /// The part is A[rowBlocks, colBlocks].
    public let rowBlocks: [String]
    public let colBlocks: [String]
    /// r × c.
    public let rows: Int
    public let cols: Int
    /// All singular values, descending (empty when the part was too large for an SVD).
    public let singularValues: [Double]
    /// Singular values above `numericalRankThreshold`.
    public let numericalRank: Int
    /// max(r, c) · ε · σ₁ (see `LowRankOptions.numericalRankThreshold`).
    public let numericalRankThreshold: Double
    /// What A_part · x would cost factored at its numerical rank, which is exact up to rounding:
    /// numericalRank · (r + c) multiply-adds.
    public let costAtNumericalRank: Int
    /// Singular values kept (nil when the part was only analysed, or skipped).
    public internal(set) var keptRank: Int?
    /// σ_{k+1} = ‖A_part − L Rᵀ‖₂, the spectral-norm error of the truncation (0 when nothing was cut).
    public internal(set) var truncationError: Double?
    /// Multiply-adds of A_part · x: its nonzero entries.
    public let costBefore: Int
    /// Multiply-adds of L (Rᵀ x): nonzeros of L and Rᵀ (equal to costBefore when not factored).
    public internal(set) var costAfter: Int
    /// The identity block z = Rᵀ x inserted for it.
    public internal(set) var newBlock: String?
    /// Why the part was left as it is, when it was.
    public internal(set) var skipped: String?
}
