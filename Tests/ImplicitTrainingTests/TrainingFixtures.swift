import Foundation
import ImplicitModel
@testable import ImplicitTraining
import ImplicitTestSupport
import Linalg

/// Small data sets with a known generating model, for the descent tests.
enum TrainingFixtures {
    /// Targets y = W₂ φ(W₁ u) (q × m) of a one-hidden-layer teacher, inputs N(0, 1).
    static func teacherData(inputs p: Int = 4, hidden: Int = 5, outputs q: Int = 2, samples m: Int = 80,
                            activation: RelaxedActivation, seed: UInt64) throws -> TrainingData {
        var rng = SeededGenerator(seed: seed)
        let u = rng.matrix(p, m)
        var h = Matrix.product(rng.matrix(hidden, p, scale: 0.8), u)
        for k in h.columnMajorElements.indices { h[columnMajorIndex: k] = activation.value(h[columnMajorIndex: k]) }
        let y = Matrix.product(rng.matrix(q, hidden), h)
        return try TrainingData(inputs: u, targets: y)
    }

    /// Random parameters of the given structure, A feasible (‖aᵢ‖₁ ≤ κ/2 when constrained).
    static func parameters(_ problem: RelaxedProblem, seed: UInt64) -> TrainingParameters {
        var options = problem.options
        options.seed = seed
        guard let bcd = try? BlockCoordinateDescent(data: problem.data, options: options) else {
            preconditionFailure("fixture options are valid")
        }
        var w = bcd.initialParameters()
        var rng = SeededGenerator(seed: seed ^ 0xABCD)
        w.c = rng.matrix(w.c.rows, w.c.cols, scale: 0.5)
        if problem.structure.hasDirectTerm { w.d = rng.matrix(w.d.rows, w.d.cols, scale: 0.2) }
        w.biasX = rng.vector(w.biasX.count, scale: 0.1)
        w.biasY = rng.vector(w.biasY.count, scale: 0.1)
        return w
    }

    /// Feasible proxies: P = φ(Z) plus noise pulled into the domain of Φ*.
    static func states(_ problem: RelaxedProblem, _ w: TrainingParameters, seed: UInt64) -> (x: Matrix, p: Matrix) {
        var rng = SeededGenerator(seed: seed)
        let n = w.a.rows, m = problem.data.sampleCount
        let x = rng.matrix(n, m, scale: 0.5)
        var p = problem.preactivations(w, states: x)
        for k in p.columnMajorElements.indices {
            p[columnMajorIndex: k] = problem.activation.clampedIntoDomain(problem.activation.value(p[columnMajorIndex: k]) + 0.1 * rng.normal())
        }
        return (x, p)
    }

    /// Largest |a − b| / max(1, |b|).
    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
    }
}
