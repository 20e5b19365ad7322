/// Tolerances and caps for solving x = φ(A x + c) on a cyclic component.
public struct SolverOptions: Sendable, Equatable {
    /// Picard stops when max |x_{k+1} − x_k| ≤ tolerance · (1 − κ) · max(1, max |x|), κ the
    /// proven contraction factor; Newton stops when max |x − φ(Ax + c)| ≤ tolerance · max(1, max |x|).
    /// 1e-12 is a few hundred ulps of O(1) states: as tight as double precision allows after
    /// accumulating n-term sums.
    public var tolerance: Double = 1e-12
    /// Every solution is checked before it is returned: max |x − φ(Ax + c)| ≤ this · max(1, max |x|),
    /// otherwise evaluation fails instead of returning a wrong state.
    public var residualTolerance: Double = 1e-8
    /// Anderson mixing over this many past steps per sample (`ComponentSolver+Anderson`); 0 runs
    /// plain Picard iteration. Five is the usual choice (Walker & Ni 2011; torchdeq's default):
    /// longer histories rarely cut sweeps further on contractions and make the normal
    /// equations worse conditioned.
    public var andersonDepth: Int = 5
    /// Cap on Picard sweeps over the batch.
    public var maxPicardIterations: Int = 100_000
    /// Cap on damped Newton steps per sample (smooth activations in a non-contractive component).
    public var maxNewtonIterations: Int = 200
    /// Cap on active-set changes per sample, as a multiple of the component size (plus 100).
    public var maxPivotsPerState: Int = 50

    public init() {}

    public init(tolerance: Double) {
        self.tolerance = tolerance
    }
}
