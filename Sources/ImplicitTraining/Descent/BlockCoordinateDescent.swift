import Foundation
import ImplicitModel
import Linalg

/// Trains an implicit model by block-coordinate descent on the relaxed problem (11), §4.2.
///
/// Start: a random well-posed model (seeded), its states X = P by a forward solve. Each sweep
/// then minimizes J exactly (to the inner solvers' tolerances) over one block at a time, in the
/// order (C, D, c), (A, B, b), X, P (with `rank`, the (A, B, b) step alternates over the
/// factors of A = L Rᵀ); every block problem is convex, so J never increases. After
/// the last sweep the output map is refitted on the states of a real forward solve ((C, c)
/// only under the column penalty, which D's columns share with B's): the readout refit. With
/// `refinementSteps`, proximal gradient on the exact forward map follows (`refine`). The
/// reported errors are those of the models by a forward solve, never of the relaxed states.
public struct BlockCoordinateDescent {
    public let problem: RelaxedProblem
    public let validation: TrainingData?

    /// Initial rows of A have ℓ1 norm κ times this: well inside the ball, far from the boundary.
    static let initialNormFraction = 0.5

    public init(data: TrainingData, options: FitOptions, validation: TrainingData? = nil) throws(TrainingError) {
        try options.validate()
        if let validation {
            guard validation.inputs.rows == data.inputs.rows, validation.targets.rows == data.targets.rows else {
                throw .shape("the validation data have \(validation.inputs.rows) features and \(validation.targets.rows) outputs, the training data \(data.inputs.rows) and \(data.targets.rows)")
            }
        }
        self.problem = RelaxedProblem(data: data, options: options)
        self.validation = validation
    }

    var options: FitOptions { problem.options }
    var head: OutputHead { options.loss == .crossEntropy ? .softmax : .none }

    /// The model the parameters define.
    /// - Throws: `ModelError` when a parameter is not finite.
    public func model(_ w: TrainingParameters) throws -> ImplicitModel {
        try w.implicitModel(structure: options.structure, activation: options.activation, head: head)
    }

    /// Runs the descent.
    /// - Parameters:
    ///   - progress: called with each history entry as it is made.
    ///   - trace: called with the point after every block of every sweep (and at the start).
    /// - Throws: `TrainingError` when the iterates stop being finite; `EvaluationError` if a
    ///   forward solve fails.
    public func run(progress: (FitHistoryEntry) -> Void = { _ in }, trace: ((BlockTrace) -> Void)? = nil) throws -> FitResult {
        let clock = ContinuousClock(), started = clock.now
        func seconds() -> Double {
            let d = clock.now - started
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        // The dual schedule changes λ between sweeps: the sweeps run on a copy.
        var problem = self.problem
        var w = initialParameters()
        var x = try forwardStates(w)
        var p = x
        var history: [FitHistoryEntry] = []
        func record(_ iteration: Int, blocks: [Double], method: HiddenStateMethod?) throws {
            let model = try model(w)
            let entry = FitHistoryEntry(
                iteration: iteration, objective: problem.objective(w, states: x, proxies: p), blockObjectives: blocks,
                training: try FitScore(model: model, data: problem.data, loss: options.loss),
                validation: try validation.map { try FitScore(model: model, data: $0, loss: options.loss) },
                hiddenStateMethod: method, dualWeights: problem.dualWeights, elapsed: seconds())
            history.append(entry)
            progress(entry)
        }
        func finish(_ iteration: Int, _ blocks: [Double], _ method: HiddenStateMethod) throws {
            guard blocks.allSatisfy(\.isFinite), w.a.isFinite, w.b.isFinite, w.c.isFinite else {
                throw TrainingError.diverged("the iterates stopped being finite in sweep \(iteration)")
            }
            try record(iteration, blocks: blocks, method: method)
            // λ raised where the divergence stays above the threshold, for the next sweep.
            if iteration < options.iterations, problem.raiseDualWeights(w, states: x, proxies: p) > 0, var last = history.popLast() {
                last.objectiveAfterDualUpdate = problem.objective(w, states: x, proxies: p).total
                history.append(last)
            }
        }
        func traced(_ sweep: Int, _ block: String, _ value: Double) {
            trace?(BlockTrace(sweep: sweep, block: block, parameters: w, states: x, proxies: p,
                              dualWeights: problem.dualWeights, objective: value))
        }
        try problem.outputStep(&w, proxies: p)
        try record(0, blocks: [], method: nil)
        traced(0, "start", history[0].objective.total)
        for iteration in 1...Swift.max(1, options.iterations) where options.iterations > 0 {
            var blocks: [Double] = []
            func after(_ block: String) {
                blocks.append(problem.objective(w, states: x, proxies: p).total)
                traced(iteration, block, blocks[blocks.count - 1])
            }
            if options.columnPenalty != nil {
                // The group penalty couples B and D: the joint model step on both sides of the states.
                try problem.jointModelStep(&w, states: x, proxies: p); after("model")
                try problem.proxyStateStep(w, states: x, proxies: &p); after("proxies")
                let method = try problem.hiddenStateStep(w, states: &x, proxies: p); after("states")
                try problem.jointModelStep(&w, states: x, proxies: p); after("model")
                try finish(iteration, blocks, method)
                continue
            }
            try problem.outputStep(&w, proxies: p); after("output")
            try problem.proxyStateStep(w, states: x, proxies: &p); after("proxies")
            let method = try problem.hiddenStateStep(w, states: &x, proxies: p); after("states")
            if w.factors != nil {
                try problem.lowRankStateMapStep(&w, states: x, proxies: p); after("state-map")
            } else {
                try problem.stateMapStep(&w, states: x, proxies: p); after("state-map")
            }
            try finish(iteration, blocks, method)
        }

        let bcd = try history.last?.training ?? (FitScore(model: try model(w), data: problem.data, loss: options.loss))
        // The readout refit: the (C, D, c) step on the states of the exact forward map.
        let exact = try forwardStates(w)
        var refit = w
        try problem.outputStep(&refit, proxies: exact, keepingDirectTerm: options.columnPenalty != nil)
        let refitModel = try model(refit)
        var result = FitResult(parameters: refit, report: FitReport(
            options: options, history: history, bcdTraining: bcd,
            readoutRefitTraining: try FitScore(model: refitModel, data: problem.data, loss: options.loss),
            readoutRefitValidation: try validation.map { try FitScore(model: refitModel, data: $0, loss: options.loss) }))
        if options.refinementSteps > 0 {
            let refined = try refine(refit, seconds: seconds) { entry in
                result.report.history.append(entry)
                progress(entry)
            }
            let refinedModel = try model(refined)
            result.parameters = refined
            result.report.refinedTraining = try FitScore(model: refinedModel, data: problem.data, loss: options.loss)
            result.report.refinedValidation = try validation.map { try FitScore(model: refinedModel, data: $0, loss: options.loss) }
        }
        return result
    }

    /// The states of the forward solve x = φ(Ax + Bu + b), stacked n × m.
    func forwardStates(_ w: TrainingParameters) throws -> Matrix {
        let states = try model(w).evaluate(problem.data.inputs).states
        return Matrix.verticallyStacked(states, cols: problem.data.sampleCount)
    }

    /// A random model that is well-posed by construction, from `options.seed`.
    ///
    /// Implicit: Gaussian rows of A rescaled to ‖aᵢ‖₁ = κ/2. Feedforward: Gaussian weights of
    /// variance 1/fan-in on the layer-to-layer blocks only. B likewise (variance 1/p) on the rows
    /// that read u; biases, C and D start at zero (the first (C, D) step fits them). With a
    /// rank k, A = L Rᵀ from factors drawn inside their constraints (`LowRankFactors`).
    func initialParameters() -> TrainingParameters {
        var rng = SplitMix64(seed: options.seed)
        let structure = options.structure
        let n = structure.stateCount, p = problem.data.inputs.rows, q = problem.data.targets.rows
        var a = Matrix(rows: n, cols: n), b = Matrix(rows: n, cols: p)
        for i in 0..<n {
            let inputs = structure.stateInputs(ofState: i)
            var row = inputs.map { _ in rng.normal() }
            if structure.constrainsNorm {
                let norm = row.reduce(0) { $0 + Swift.abs($1) }
                if norm > 0 { row = row.map { $0 * options.kappa * Self.initialNormFraction / norm } }
            } else if !inputs.isEmpty {
                row = row.map { $0 / Double(inputs.count).squareRoot() }
            }
            for (k, c) in inputs.enumerated() { a[i, c] = row[k] }
            if structure.readsInput(state: i) {
                for j in 0..<p { b[i, j] = rng.normal() / Double(p).squareRoot() }
            }
        }
        var w = TrainingParameters(a: a, b: b, biasX: [Double](repeating: 0, count: n),
                                   c: Matrix(rows: q, cols: n), d: Matrix(rows: q, cols: p),
                                   biasY: [Double](repeating: 0, count: q))
        if let rank = options.rank {
            // Rows of L Gaussian with ‖lᵢ‖₁ = κ/2, columns of R Gaussian with ‖R eₖ‖₁ = 1:
            // ‖L Rᵀ‖∞ ≤ κ/2, strictly inside the factor constraints.
            var left = Matrix(rows: n, cols: rank), right = Matrix(rows: n, cols: rank)
            for i in 0..<n {
                let row = (0..<rank).map { _ in rng.normal() }
                let norm = row.reduce(0) { $0 + Swift.abs($1) }
                for c in 0..<rank { left[i, c] = norm > 0 ? row[c] * options.kappa * Self.initialNormFraction / norm : 0 }
            }
            for c in 0..<rank {
                let column = (0..<n).map { _ in rng.normal() }
                let norm = column.reduce(0) { $0 + Swift.abs($1) }
                for i in 0..<n { right[i, c] = norm > 0 ? column[i] / norm : 0 }
            }
            let factors = LowRankFactors(left: left, right: right)
            w.factors = factors
            w.a = factors.product
        }
        return w
    }
}
