/// What the exact reductions look for, and how strictly.
public struct ExactReductionOptions: Sendable, Equatable {
    /// Entries with |w| ≤ tolerance count as zero when looking for constant, unreachable and
    /// unread states and for ignored inputs. The default 0 keeps every reduction exact; a positive
    /// value (`--tol`) finds more, at the price of dropping those small entries, so the result then
    /// carries a measured deviation instead of a guarantee.
    public var tolerance: Double = ExactReductionOptions.defaultTolerance
    public static let defaultTolerance = 0.0

    /// The inputs over which dead ReLU units are proven dead. Without a box no unit is removed as
    /// dead (a ReLU unit is only ever dead for some inputs).
    public var box: InputBox?

    /// Drop the input columns the model ignores (zero columns of (B; D)). Off by default: the
    /// reduced model then still takes every input, and only the report lists the ignored ones.
    public var dropInputs = false

    /// How cyclic components are bounded over the box.
    public var intervals = IntervalBoundOptions()

    public init(tolerance: Double = ExactReductionOptions.defaultTolerance, box: InputBox? = nil, dropInputs: Bool = false) {
        self.tolerance = tolerance
        self.box = box
        self.dropInputs = dropInputs
    }

    /// - Throws: `ReductionError.invalidOption` for a negative or non-finite tolerance.
    func validate() throws {
        guard tolerance.isFinite, tolerance >= 0 else {
            throw ReductionError.invalidOption(name: "tolerance", why: "\(tolerance) is not a finite number ≥ 0")
        }
        guard intervals.maxIterations >= 0, intervals.convergenceTolerance >= 0 else {
            throw ReductionError.invalidOption(name: "interval iteration", why: "negative cap or tolerance")
        }
    }
}
