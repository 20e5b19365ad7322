import ImplicitModel

/// What the report computes and how finely it draws.
public struct ReportOptions: Sendable, Equatable {
    /// The picture of M has at most about this many cells per side (`AxisSampling`): 192 keeps
    /// the SVG of an n = 32768 model under a megabyte while every block stays visible.
    public var matrixCells = ReportOptions.defaultMatrixCells
    public static let defaultMatrixCells = 192
    /// The fewest cells a block gets on a downsampled side of the picture.
    public var minimumBlockCells = 4
    /// Stored blocks of A whose smaller side exceeds this get no SVD: its cost O(r c min(r, c))
    /// would dominate (a 4096 × 4096 layer takes tens of seconds on two cores); 1024 takes well
    /// under a second.
    public var svdSizeLimit = ReportOptions.defaultSVDSizeLimit
    public static let defaultSVDSizeLimit = 1024
    /// How the model is solved for the activation statistics.
    public var solver = SolverOptions()
    /// The radius of the ℓ∞ balls around the inputs for the output-bounds section (`--eps`);
    /// nil: no section.
    public var eps: Double?
    /// The box every ball is intersected with (`--clip lo,hi`).
    public var clip: ClosedRange<Double>?

    public init() {}
}
