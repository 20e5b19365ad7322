import Foundation
import Linalg

extension BlockCoordinateDescent {
    /// The refinement after BCD: `options.refinementSteps` proximal gradient steps on the exact
    /// objective E(w) = (1/m) Σⱼ ℓ(yⱼ, ŷ(uⱼ)) + 𝒫(w) (`ExactObjective`), from the readout
    /// refit, keeping the well-posedness constraint at every iterate:
    ///
    ///     w⁺ = prox_{t𝒫 + constraint}(w − t ∇E_smooth(w))
    ///
    /// — for the implicit structure each row of A projected onto the ℓ1 ball of radius κ (so
    /// ‖A‖∞ ≤ κ < 1 and the certificate holds), with a rank the factors' balls, for a
    /// feedforward structure the entries outside the layer-to-layer blocks kept at zero; the
    /// penalties by their exact prox (`proximalModel`). The step length is spectral with
    /// backtracking (`SpectralProximalGradient`), so E never increases: the refined model is
    /// at least as good on the training objective as the one it starts from.
    ///
    /// BCD minimizes the relaxation J; this stage minimizes what the written model is scored
    /// on. It is reported as its own stage, never under BCD's name.
    /// - Parameters:
    ///   - start: the readout refit's parameters.
    ///   - record: receives every history entry (stage `.refinement`, entry 0 the start).
    /// - Returns: the refined parameters.
    func refine(_ start: TrainingParameters, seconds: () -> Double,
                record: (FitHistoryEntry) -> Void) throws -> TrainingParameters {
        let exact = ExactObjective(problem: problem, model: model)
        let n = start.a.rows
        let layout = ParameterLayout(n: n, p: start.b.cols, q: start.c.rows, rank: start.factors?.left.cols)
        var latest = try exact.evaluate(start)
        // The model of an accepted point is the one its evaluation built (the accepted point is
        // the last trial evaluated): scored from there, it is built once per step, not twice.
        func entry(_ step: Int, _ w: TrainingParameters, _ e: ExactObjective.Evaluation, length: Double?) throws -> FitHistoryEntry {
            FitHistoryEntry(
                stage: .refinement, iteration: step, objective: problem.objective(w, states: e.states, proxies: e.states),
                blockObjectives: [], training: FitScore(raw: e.outputs, data: problem.data, loss: options.loss),
                validation: try validation.map { try FitScore(model: e.model, data: $0, loss: options.loss) },
                hiddenStateMethod: nil, stepLength: length, elapsed: seconds())
        }
        record(try entry(0, start, latest, length: nil))
        var step = 0
        let solver = SpectralProximalGradient(maxSteps: options.refinementSteps)
        let point = try solver.minimize(
            from: layout.pack(start), initialStep: nil,
            evaluate: { flat in
                let w = layout.unpack(flat)
                let e = try exact.evaluate(w)
                latest = e
                return (e.loss, { layout.pack(try exact.gradient(w, at: e)) })
            },
            nonsmooth: { flat in
                let w = layout.unpack(flat)
                return problem.isFeasible(w) ? problem.penalty(w) : .infinity
            },
            proximal: { flat, t in
                var w = layout.unpack(flat)
                problem.proximalModel(&w, step: t)
                return layout.pack(w)
            },
            accepted: { accepted in
                step += 1
                let w = layout.unpack(accepted.point)
                guard w.a.isFinite, w.b.isFinite, w.c.isFinite else {
                    throw TrainingError.diverged("the refinement's iterates stopped being finite in step \(step)")
                }
                record(try entry(step, w, latest, length: accepted.stepLength))
            })
        return layout.unpack(point)
    }
}
