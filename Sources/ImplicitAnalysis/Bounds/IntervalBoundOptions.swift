/// Caps and tolerances of the interval fixed point used to bound the states of a cyclic
/// component over an input box.
public struct IntervalBoundOptions: Sendable, Equatable, Codable {
    /// Iterations stop when no bound moves by more than this times max(1, largest finite bound).
    /// Any iterate is a valid enclosure, so stopping early only loosens the bounds; 1e-12 stops
    /// near the fixed interval without chasing the last ulps.
    public var convergenceTolerance: Double = 1e-12
    /// Cap on interval sweeps per cyclic component. A component with contraction factor κ needs
    /// about log(tolerance)/log(κ) sweeps (2 700 for κ = 0.99).
    public var maxIterations: Int = 100_000

    public init() {}
}
