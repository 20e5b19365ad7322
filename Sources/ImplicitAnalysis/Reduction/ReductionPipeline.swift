import ImplicitModel

/// The reductions `implicit reduce` reports and `implicit prune` applies, in order:
/// 1. the exact reductions (`ExactReduction`);
/// 2. magnitude pruning, then the exact reductions again (pruning leaves dead states);
/// 3. low-rank factorization of A (`LowRankFactorization`);
/// 4. when `refuseIllPosed` is set, the well-posedness analysis of the result (an ill-posed
///    result throws before anything is measured: evaluating it can fail or mean nothing), then the
///    output deviation against the original on the verification inputs.
/// Lossy steps run only when their options are set. The pipeline never prints and never writes:
/// it returns the model and a `ReductionReport`; the caller decides (e.g. `--max-deviation`, via
/// `report.deviation?.exceeds(_:)`).
public struct ReductionPipeline: Sendable {
    public var options: ReductionOptions

    public init(options: ReductionOptions = ReductionOptions()) {
        self.options = options
    }

    /// - Parameter model: the model to reduce.
    /// - Throws: `ReductionError` (`illPosedResult` with the lint report when `refuseIllPosed` is
    ///   set and the result is ill-posed), `ModelError` when a reduced part overflows, `LinalgError`,
    ///   `EvaluationError` while measuring.
    public func run(_ model: ImplicitModel) throws -> ReductionOutcome {
        try options.lowRank?.validate()
        let originalLabels = StateGraph.defaultLabels(model)
        let first = try ExactReduction(options: options.exact).apply(to: model, labels: originalLabels)
        var current = first.model, labels = first.labels, kept = first.keptInputs

        var pruningReport: MagnitudePruningReport?, afterPruning: ExactReductionReport?
        if let pruning = options.magnitudePruning {
            let pruned = try pruning.apply(to: current)
            var exact = options.exact
            exact.box = exact.box?.selecting(kept)
            let second = try ExactReduction(options: exact).apply(to: pruned.model, labels: labels)
            pruningReport = pruned.report
            afterPruning = second.report
            current = second.model
            labels = second.labels
            kept = second.keptInputs.map { kept[$0] }
        }

        var rankAnalysis: [LowRankFactor]?
        if let scope = options.rankAnalysis {
            rankAnalysis = try LowRankFactorization.analyze(
                current, scope: scope, svdSizeLimit: options.lowRank?.svdSizeLimit ?? LowRankOptions.defaultSVDSizeLimit)
        }
        var lowRankReport: LowRankReport?
        if let lowRank = options.lowRank {
            let factored = try LowRankFactorization(options: lowRank).apply(to: current)
            labels = Self.labels(of: factored.model, carriedFrom: current, labels: labels)
            current = factored.model
            lowRankReport = factored.report
        }

        if options.refuseIllPosed {
            let wellPosedness = WellPosednessAnalysis().analyze(current)
            if wellPosedness.verdict == .illPosed { throw ReductionError.illPosedResult(wellPosedness) }
        }
        let deviation = try measureDeviation(original: model, reduced: current, keptInputs: kept)
        let report = ReductionReport(
            before: ModelFigures(model: model), after: ModelFigures(model: current),
            blocks: Self.blockChanges(original: model, originalLabels: originalLabels, result: current, labels: labels),
            exact: first.report, magnitudePruning: pruningReport, exactAfterPruning: afterPruning,
            lowRank: lowRankReport, rankAnalysis: rankAnalysis, keptInputs: kept, lossy: options.isLossy,
            deviation: deviation)
        return ReductionOutcome(model: current, labels: labels, keptInputs: kept, report: report)
    }

    private func measureDeviation(original: ImplicitModel, reduced: ImplicitModel, keptInputs: [Int]) throws -> OutputDeviation? {
        switch options.verification {
        case nil:
            return nil
        case .given(let inputs):
            return try OutputDeviation.measure(original: original, reduced: reduced, inputs: inputs,
                                               keptInputs: keptInputs, description: "given", solver: options.solver)
        case let .random(count, seed):
            guard let box = options.exact.box else {
                return try OutputDeviation.measure(original: original, reduced: reduced,
                                                   inputs: try StandardNormalInputs.samples(features: original.input.size, count: count, seed: seed),
                                                   keptInputs: keptInputs, description: "N(0, 1) per input (no input box), seed \(seed)",
                                                   solver: options.solver)
            }
            guard box.features == original.input.size else {
                throw ReductionError.invalidBox(why: "\(box.features) feature bounds for a model with \(original.input.size) inputs")
            }
            return try OutputDeviation.measure(original: original, reduced: reduced,
                                               inputs: try box.uniformSamples(count: count, seed: seed),
                                               keptInputs: keptInputs, description: "uniform in the box, seed \(seed)",
                                               solver: options.solver)
        }
    }

    /// Labels for a model whose blocks are those of `previous` plus new ones: old blocks keep
    /// their states' labels, new blocks get `block[i]`.
    static func labels(of model: ImplicitModel, carriedFrom previous: ImplicitModel, labels: [String]) -> [String] {
        var byBlock: [String: ArraySlice<String>] = [:]
        for (k, block) in previous.states.enumerated() { byBlock[block.name] = labels[previous.stateRange(ofBlock: k)] }
        return model.states.flatMap { block in byBlock[block.name].map(Array.init) ?? (0..<block.size).map { "\(block.name)[\($0)]" } }
    }

    static func blockChanges(original: ImplicitModel, originalLabels: [String], result: ImplicitModel,
                             labels: [String]) -> [ReductionReport.BlockChange] {
        let keptLabels = Set(labels)
        let after = Dictionary(uniqueKeysWithValues: result.states.map { ($0.name, $0.size) })
        var changes = original.states.enumerated().map { k, block in
            ReductionReport.BlockChange(name: block.name, sizeBefore: block.size, sizeAfter: after[block.name] ?? 0,
                                        removed: originalLabels[original.stateRange(ofBlock: k)].filter { !keptLabels.contains($0) })
        }
        let originalNames = Set(original.states.map(\.name))
        for block in result.states where !originalNames.contains(block.name) {
            changes.append(.init(name: block.name, sizeBefore: 0, sizeAfter: block.size, removed: []))
        }
        return changes
    }
}
