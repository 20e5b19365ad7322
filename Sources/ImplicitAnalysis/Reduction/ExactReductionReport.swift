/// What one pass of exact reductions found and removed. States are named `block[i]`, i counted
/// within the block of the model the pass started from (or the labels the caller passed, which
/// the pruning pipeline uses to keep the original model's names across passes).
public struct ExactReductionReport: Codable, Sendable, Equatable {
    /// How the reduced model relates to the one the pass started from.
    public enum Exactness: String, Codable, Sendable {
        /// Identical outputs for every input.
        case exact
        /// Identical outputs for every input in the box (dead units were removed).
        case exactInsideBox = "exact-inside-box"
        /// Entries at or below a positive tolerance were treated as zero: the deviation must be measured.
        case withinTolerance = "within-tolerance"
    }

    public struct ConstantState: Codable, Sendable, Equatable {
        public let name: String
        /// φ of its bias, once the constants it read were folded in.
        public let value: Double
    }

    public var tolerance: Double
    public var exactness: Exactness
    /// States with zero rows in (A, B), including those whose rows became zero when the constants
    /// they read were folded; their values went into the biases of their readers and the outputs.
    public var constantStates: [ConstantState]
    /// ReLU units whose pre-activation upper bound over the box is ≤ 0: constantly 0 there.
    public var deadUnits: [String]
    /// ReLU and leaky-ReLU units whose pre-activation lower bound over the box is ≥ 0: always in
    /// their linear piece. Reported only; they are kept.
    public var alwaysActiveUnits: [String]
    /// States that no other state and no output reads.
    public var unreadStates: [String]
    /// States read only by states that never reach the output.
    public var unreachableStates: [String]
    /// Input columns (of the model the pass started from) with zero columns in (B; D) once the
    /// removed states are gone.
    public var ignoredInputs: [Int]
    public var inputsDropped: Bool
    /// The input columns, of the model the pass started from, that the reduced model takes, in order.
    public var keptInputs: [Int]
    /// Cyclic components whose interval bounds had not converged at the iteration cap (their
    /// bounds are valid but may be loose, so fewer units are proven dead).
    public var unconvergedIntervalComponents: [[String]]

    /// States removed by the pass.
    public var removedStateCount: Int {
        constantStates.count + deadUnits.count + unreadStates.count + unreachableStates.count
    }
}
