import ImplicitModel

/// Bounds on every pre-activation z = A x + B u + b and every state x = φ(z) of a model, one
/// column per box of an `InputSet`: for every input u in box j and its state x(u),
/// preActivation.lower[i, j] ≤ z_i(u) ≤ preActivation.upper[i, j], and likewise for x.
public struct StateBounds: Sendable, Equatable {
    /// n × m.
    public var preActivation: IntervalBatch
    /// n × m.
    public var state: IntervalBatch
    /// Names of the blocks of cyclic components whose interval iteration hit its cap (the bounds
    /// are still sound, only perhaps looser than the fixed interval).
    public var unconvergedComponents: [[String]] = []
}
