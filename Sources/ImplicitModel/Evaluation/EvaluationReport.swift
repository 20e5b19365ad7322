/// How `ImplicitModel.evaluate` solved each cyclic component of a batch: the method and the
/// sweeps it took, for `predict --verbose`. Feedforward blocks are one gemm each and not listed.
public struct EvaluationReport: Sendable, Equatable {
    /// The solver `ComponentSolver` chose for a component.
    public enum Method: String, Sendable, Codable {
        /// Picard iteration over the batch (Anderson off, or a contraction fast enough that its
        /// mixing cannot pay: `ComponentSolver.andersonMinimumRate`).
        case picard
        /// Anderson-accelerated Picard iteration over the batch (`ComponentSolver+Anderson`).
        case anderson
        /// Per-sample exact active-set solves (piecewise-linear φ, not proven contractive).
        case activeSet = "active set"
        /// Per-sample damped Newton (smooth φ, not proven contractive).
        case newton
    }

    /// One cyclic component's solve.
    public struct Component: Sendable, Equatable {
        public let blocks: [String]
        public let states: Int
        /// Set by the solver once it has chosen (Picard or Anderson, from the float32 phase's rate).
        public var method: Method
        /// Sweeps over the batch (one gemm each) in float32, before the float64 ones.
        public var float32Sweeps = 0
        /// Sweeps over the batch in float64, the safeguard's extra Picard sweeps included.
        public var float64Sweeps = 0
        /// Samples whose Anderson step was replaced by a Picard step, summed over sweeps.
        public var rejectedSteps = 0
        /// True when the last sweep proved every residual (no separate verification gemm).
        public var provenByLastSweep = false

        public init(blocks: [String], states: Int, method: Method) {
            self.blocks = blocks
            self.states = states
            self.method = method
        }

        /// One line: `{h0, h1} (1000 states): anderson, 4 float32 + 11 float64 sweeps, …`.
        public var summary: String {
            var text = "{\(blocks.joined(separator: ", "))} (\(states) states): \(method.rawValue)"
            switch method {
            case .picard, .anderson:
                text += ", \(float32Sweeps) float32 + \(float64Sweeps) float64 sweeps"
                if method == .anderson { text += ", \(rejectedSteps) sample steps fell back to Picard" }
                text += provenByLastSweep ? ", residuals proven by the last sweep" : ", residuals verified"
            case .activeSet, .newton:
                text += " per sample, residuals verified"
            }
            return text
        }
    }

    public var components: [Component] = []

    public init() {}
}
