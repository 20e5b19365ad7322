import ImplicitModel

/// The exact reductions of El Ghaoui et al. (§6), at the granularity of single states: a state can
/// leave a block, blocks shrink, and blocks left empty disappear.
///
/// In order: (1) with an input box, ReLU units whose pre-activation is provably ≤ 0 over the box are
/// dead (`IntervalBounds`); (2) constant states (zero rows of A and B, and dead units) are folded
/// into the biases of their readers and the outputs, transitively (`ConstantPropagation`);
/// (3) states that never reach the output are dropped (`OutputReachability`); (4) inputs with zero
/// columns in (B; D) are reported, and dropped with `dropInputs`. No step changes the value of a
/// state that is kept, so one pass finds everything: after it, no state is constant by a zero row,
/// none is cut off from the output, and the box bounds of the kept states are unchanged.
public struct ExactReduction: Sendable {
    public var options: ExactReductionOptions

    public init(options: ExactReductionOptions = ExactReductionOptions()) {
        self.options = options
    }

    /// Reduces a model.
    /// - Parameters:
    ///   - model: the model to reduce.
    ///   - labels: a name for each state, used in the report (default `block[i]`).
    /// - Returns: the reduced model, the labels of its states, the input columns it takes, and the report.
    /// - Throws: `ReductionError` for bad options or labels.
    public func apply(to model: ImplicitModel, labels: [String]? = nil) throws -> ExactReductionResult {
        try options.validate()
        let labels = labels ?? StateGraph.defaultLabels(model)
        guard labels.count == model.stateCount else {
            throw ReductionError.labelCount(expected: model.stateCount, found: labels.count)
        }
        let graph = StateGraph(model, tolerance: options.tolerance)
        let activations = model.elementwiseActivations

        var dead: [(state: Int, value: Double)] = [], alwaysActive: [Int] = [], unconverged: [[String]] = []
        if let box = options.box {
            let bounds = try IntervalBounds(model: model, box: box, options: options.intervals)
            unconverged = bounds.unconvergedComponents
            for i in 0..<model.stateCount {
                guard let phi = activations[i] else { continue }
                let lower = bounds.preActivationLower[i], upper = bounds.preActivationUpper[i]
                // A unit whose activation is flat over its whole pre-activation interval (ReLU
                // below zero, a saturated clip or hard sigmoid) is dead: a constant. A unit whose
                // pre-activation is itself constant is left to constant propagation.
                let image = phi.intervalImage(lower: lower, upper: upper)
                if image.lower == image.upper, image.lower.isFinite,
                   phi.derivative(lower) == 0, phi.derivative(upper) == 0 {
                    dead.append((i, image.lower))
                } else if let kink = phi.kinkSlopes, kink.below != kink.above, lower >= 0 {
                    alwaysActive.append(i)
                }
            }
        }

        let constants = ConstantPropagation(graph: graph, seeds: dead)
        let alive = constants.isConstant.map { !$0 }
        let reachability = OutputReachability(graph: graph, alive: alive)
        let keep = (0..<model.stateCount).map { alive[$0] && reachability.reachesOutput[$0] }

        var reduced = try model.restricted(toStates: keep, biasX: constants.biasX, biasY: constants.biasY)
        let keptLabels = (0..<model.stateCount).filter { keep[$0] }.map { labels[$0] }

        let ignored = Self.ignoredInputs(of: reduced, tolerance: options.tolerance)
        var keptInputs = Array(0..<model.input.size)
        if options.dropInputs, !ignored.isEmpty {
            keptInputs = keptInputs.filter { !ignored.contains($0) }
            reduced = try reduced.restricted(toInputs: keptInputs)
        }

        let deadSet = Set(dead.map(\.state))
        let exactness: ExactReductionReport.Exactness =
            options.tolerance > 0 ? .withinTolerance : (dead.isEmpty ? .exact : .exactInsideBox)
        let report = ExactReductionReport(
            tolerance: options.tolerance,
            exactness: exactness,
            constantStates: constants.constants.filter { !deadSet.contains($0.state) }.map {
                .init(name: labels[$0.state], value: $0.value)
            },
            deadUnits: dead.map { labels[$0.state] },
            alwaysActiveUnits: alwaysActive.filter { keep[$0] }.map { labels[$0] },
            unreadStates: (0..<model.stateCount).filter { alive[$0] && reachability.isUnread[$0] }.map { labels[$0] },
            unreachableStates: (0..<model.stateCount).filter {
                alive[$0] && !reachability.reachesOutput[$0] && !reachability.isUnread[$0]
            }.map { labels[$0] },
            ignoredInputs: ignored,
            inputsDropped: options.dropInputs && !ignored.isEmpty,
            keptInputs: keptInputs,
            unconvergedIntervalComponents: unconverged)
        return ExactReductionResult(model: reduced, labels: keptLabels, keptInputs: keptInputs, report: report)
    }

    /// Input columns j with |B[i, j]| ≤ tolerance for every state i and |D[q, j]| ≤ tolerance for
    /// every output q: features the model ignores.
    static func ignoredInputs(of model: ImplicitModel, tolerance: Double) -> [Int] {
        (0..<model.input.size).filter { j in
            (0..<model.output.size).allSatisfy { abs(model.d[$0, j]) <= tolerance }
                && model.b.blocks.values.allSatisfy { block in (0..<block.rows).allSatisfy { abs(block[$0, j]) <= tolerance } }
        }
    }
}
