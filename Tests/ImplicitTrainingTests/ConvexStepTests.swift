import Foundation
import Testing
import ImplicitModel
@testable import ImplicitTraining
import ImplicitTestSupport
import Linalg

/// Each block step against an independent account of its optimum: brute force, another
/// closed form, or the optimality conditions checked with finite differences of J (which
/// never call the step's own gradients).
@Suite struct ConvexStepTests {
    /// Finite-difference step: central differences err by O(h²) ≈ 1e-12 and round by
    /// O(ε J / h) ≈ 1e-10.
    static let h = 1e-6
    /// Stationarity tolerance on m·∂J, the per-sample gradient scale (entries are O(1)):
    /// the inner solvers stop at 1e-9 to 1e-10 relative.
    static let stationarity = 2e-5

    static func problem(_ structure: TrainingStructure, _ activation: RelaxedActivation, loss: TrainingLoss = .squared,
                        kappa: Double = 0.95, l1: Double = 0, seed: UInt64 = 1) throws -> RelaxedProblem {
        var data = try TrainingFixtures.teacherData(samples: 30, activation: activation, seed: seed)
        if loss == .crossEntropy {
            let labels = (0..<data.sampleCount).map { Double(data.targets[0, $0] > data.targets[1, $0] ? 1 : 0) }
            data = try TrainingData(inputs: data.inputs, labels: labels)
        }
        var options = FitOptions(structure: structure, activation: activation, lambda: 0.7, mu: 0.4)
        options.loss = loss
        options.kappa = kappa
        options.l1 = l1
        return RelaxedProblem(data: data, options: options)
    }

    /// m · ∂J/∂v by central differences (forward ones when v − h leaves the domain).
    /// Near a singular boundary (the tanh conjugate at ±1) the step shrinks to 1 % of the distance,
    /// where the third derivative would otherwise swamp the difference.
    static func derivative(_ f: (Double) -> Double, at v: Double, lowerBound: Double? = nil, singularAt edge: Double? = nil) -> Double {
        var step = h
        if let edge { step = min(h, 0.01 * abs(edge - abs(v))) }
        if let lower = lowerBound, v - step < lower { return (f(v + step) - f(v)) / step }
        return (f(v + step) - f(v - step)) / (2 * step)
    }

    // MARK: - Projections and the box QP

    @Test func l1BallProjectionMatchesBisectionOnTheThreshold() {
        var rng = SeededGenerator(seed: 3)
        for trial in 0..<50 {
            let v = rng.vector(1 + trial % 9, scale: 2)
            let radius = 0.1 + Double(trial % 5) * 0.4
            let projected = L1BallProjection.project(v, radius: radius)
            let norm = v.reduce(0) { $0 + abs($1) }
            if norm <= radius { #expect(projected == v); continue }
            // θ solves Σ max(|vᵢ| − θ, 0) = radius: bisect.
            var lo = 0.0, hi = v.map(abs).max()!
            for _ in 0..<200 {
                let mid = (lo + hi) / 2
                let s = v.reduce(0) { $0 + max(abs($1) - mid, 0) }
                if s > radius { lo = mid } else { hi = mid }
            }
            let expected = v.map { L1BallProjection.softThreshold($0, lo) }
            #expect(TrainingFixtures.relativeError(projected, expected) <= 1e-12)
            #expect(abs(projected.reduce(0) { $0 + abs($1) } - radius) <= 1e-12)
        }
    }

    @Test func nonnegativeQPMatchesEnumerationOfSupports() throws {
        var rng = SeededGenerator(seed: 9)
        for trial in 0..<40 {
            let n = 1 + trial % 6
            let g = rng.matrix(n + 2, n)
            var h = Matrix.product(g, g, transposeA: .transposed)
            for i in 0..<n { h[i, i] += 0.1 }
            let r = rng.vector(n)
            let x = NonnegativeQuadraticProgram(h: h).solve(r)
            func value(_ x: [Double]) -> Double {
                let hx = h.apply(to: x)
                return 0.5 * zip(x, hx).reduce(0) { $0 + $1.0 * $1.1 } - zip(r, x).reduce(0) { $0 + $1.0 * $1.1 }
            }
            // Brute force: the unconstrained optimum on every support, kept when feasible.
            var best = Double.infinity
            for mask in 0..<(1 << n) {
                let set = (0..<n).filter { mask & (1 << $0) != 0 }
                var candidate = [Double](repeating: 0, count: n)
                if !set.isEmpty {
                    let s = try LUFactorization(h.submatrix(rows: set, cols: set)).solve(Matrix(column: set.map { r[$0] }))
                    guard s.columnMajorElements.allSatisfy({ $0 >= 0 }) else { continue }
                    for (k, i) in set.enumerated() { candidate[i] = s.columnMajorElements[k] }
                }
                best = min(best, value(candidate))
            }
            #expect(x.allSatisfy { $0 >= 0 })
            #expect(abs(value(x) - best) <= 1e-10 * max(1, abs(best)), "trial \(trial): \(value(x)) vs \(best)")
        }
    }

    // MARK: - (C, D, c)

    @Test func outputStepIsTheNormalEquationsSolution() throws {
        let problem = try Self.problem(.implicit(states: 5), .relu)
        var w = TrainingFixtures.parameters(problem, seed: 2)
        let (_, p) = TrainingFixtures.states(problem, w, seed: 4)
        try problem.outputStep(&w, proxies: p)
        // Independent: Θ (Z Zᵀ) = Y Zᵀ by LU.
        let features = FeatureMatrix(states: p, rows: Array(0..<5), inputs: problem.data.inputs)
        let z = features.values
        let gram = Matrix.product(z, z, transposeB: .transposed)
        let rhs = Matrix.product(z, problem.data.targets, transposeB: .transposed)
        let expected = try LUFactorization(gram).solve(rhs).transposed()
        let theta = problem.outputCoefficients(w, features)
        #expect(TrainingFixtures.relativeError(theta.columnMajorElements, expected.columnMajorElements) <= 1e-9)
    }

    @Test(arguments: [TrainingLoss.squared, .crossEntropy])
    func penalizedOutputStepMeetsTheSubgradientConditions(loss: TrainingLoss) throws {
        let l1 = 0.05
        let problem = try Self.problem(.implicit(states: 5), .tanh, loss: loss, l1: l1)
        var w = TrainingFixtures.parameters(problem, seed: 6)
        w.c = Matrix(rows: w.c.rows, cols: w.c.cols)
        let (x, p) = TrainingFixtures.states(problem, w, seed: 8)
        try problem.outputStep(&w, proxies: p)
        // Smooth part only (loss), then: θ ≠ 0 ⇒ ∂ = −l1 sign θ; θ = 0 ⇒ |∂| ≤ l1.
        func smooth(_ v: TrainingParameters) -> Double { problem.objective(v, states: x, proxies: p).loss }
        var zeros = 0
        for (matrix, path) in [(w.c, \TrainingParameters.c), (w.d, \TrainingParameters.d)] {
            for k in matrix.columnMajorElements.indices {
                let g = Self.derivative({ t in var v = w; v[keyPath: path][columnMajorIndex: k] = t; return smooth(v) }, at: matrix[columnMajorIndex: k])
                if matrix.columnMajorElements[k] == 0 {
                    zeros += 1
                    #expect(abs(g) <= l1 + 1e-6)
                } else {
                    #expect(abs(g + l1 * (matrix.columnMajorElements[k] > 0 ? 1 : -1)) <= 1e-6)
                }
            }
        }
        #expect(zeros > 0, "the penalty should zero some weights")
    }

    // MARK: - (A, B, b)

    @Test(arguments: [RelaxedActivation.relu, .tanh])
    func stateMapStepMeetsTheKKTConditionsOfTheBall(activation: RelaxedActivation) throws {
        let kappa = 0.3
        let problem = try Self.problem(.implicit(states: 5), activation, kappa: kappa)
        var w = TrainingFixtures.parameters(problem, seed: 12)
        let (x, p) = TrainingFixtures.states(problem, w, seed: 14)
        try problem.stateMapStep(&w, states: x, proxies: p)
        let m = Double(problem.data.sampleCount)
        func divergence(_ v: TrainingParameters) -> Double { m * problem.objective(v, states: x, proxies: p).divergence }
        var active = 0
        for i in 0..<5 {
            let a = w.a.row(i)
            #expect(a.reduce(0) { $0 + abs($1) } <= kappa * (1 + 1e-12))
            let ga = (0..<5).map { c in Self.derivative({ t in var v = w; v.a[i, c] = t; return divergence(v) }, at: a[c]) }
            // B and b are free: their gradient vanishes.
            for c in 0..<w.b.cols {
                #expect(abs(Self.derivative({ t in var v = w; v.b[i, c] = t; return divergence(v) }, at: w.b[i, c])) <= Self.stationarity)
            }
            #expect(abs(Self.derivative({ t in var v = w; v.biasX[i] = t; return divergence(v) }, at: w.biasX[i])) <= Self.stationarity)
            if a.reduce(0, { $0 + abs($1) }) < kappa * (1 - 1e-6) {
                for g in ga { #expect(abs(g) <= Self.stationarity) }
                continue
            }
            // On the sphere: −∇ = ν sign(a) on the support, |∇| ≤ ν off it, ν ≥ 0.
            active += 1
            let support = (0..<5).filter { a[$0] != 0 }
            let nu = support.map { -ga[$0] * (a[$0] > 0 ? 1 : -1) }.reduce(0, +) / Double(support.count)
            #expect(nu >= -Self.stationarity)
            for c in 0..<5 {
                if a[c] != 0 { #expect(abs(-ga[c] * (a[c] > 0 ? 1 : -1) - nu) <= Self.stationarity * 10) }
                else { #expect(abs(ga[c]) <= nu + Self.stationarity * 10) }
            }
        }
        #expect(active > 0, "κ = \(kappa) should bind on some row")
    }

    /// The joint step with the group penalty (19): a zero column of (B; D) has a smooth
    /// gradient of norm ≤ λ_col, a nonzero one −λ_col times its direction; C and c are free.
    @Test func jointModelStepMeetsTheGroupOptimalityConditions() throws {
        var problem = try Self.problem(.implicit(states: 4), .relu)
        var options = problem.options
        options.columnPenalty = ColumnPenalty(weight: 0.4)
        problem = RelaxedProblem(data: problem.data, options: options)
        var w = TrainingFixtures.parameters(problem, seed: 50)
        let (x, p) = TrainingFixtures.states(problem, w, seed: 52)
        try problem.jointModelStep(&w, states: x, proxies: p)
        func smooth(_ v: TrainingParameters) -> Double {
            let o = problem.objective(v, states: x, proxies: p)
            return o.loss + o.divergence
        }
        let n = w.b.rows, q = w.d.rows
        var zero = 0, nonzero = 0
        for k in 0..<w.b.cols {
            var g: [Double] = []
            for i in 0..<n { g.append(Self.derivative({ t in var v = w; v.b[i, k] = t; return smooth(v) }, at: w.b[i, k])) }
            for i in 0..<q { g.append(Self.derivative({ t in var v = w; v.d[i, k] = t; return smooth(v) }, at: w.d[i, k])) }
            let col = w.b.column(k) + w.d.column(k)
            let length = col.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if length == 0 {
                zero += 1
                #expect(g.reduce(0) { $0 + $1 * $1 }.squareRoot() <= 0.4 + 1e-6)
            } else {
                nonzero += 1
                for (gi, ci) in zip(g, col) { #expect(abs(gi + 0.4 * ci / length) <= 1e-6) }
            }
        }
        for k in w.c.columnMajorElements.indices {
            #expect(abs(Self.derivative({ t in var v = w; v.c[columnMajorIndex: k] = t; return smooth(v) }, at: w.c[columnMajorIndex: k])) <= 1e-6)
        }
        #expect(zero > 0 && nonzero > 0, "λ_col = 0.4 should select some inputs and drop others (\(zero) zero)")
    }

    // MARK: - X and P

    @Test(arguments: [RelaxedActivation.relu, .tanh])
    func hiddenStateFixedPointAndNewtonAgreeAndAreStationary(activation: RelaxedActivation) throws {
        let problem = try Self.problem(.implicit(states: 5), activation)
        let w = TrainingFixtures.parameters(problem, seed: 20)
        let (x0, p) = TrainingFixtures.states(problem, w, seed: 22)
        let rho = try problem.hiddenStateContraction(w)
        #expect(rho < 1, "the fixture should let the fixed point contract")
        let byFixedPoint = problem.hiddenStatesByFixedPoint(w, start: x0, proxies: p, contraction: rho)
        let byNewton = problem.hiddenStatesByNewton(w, start: x0, proxies: p)
        // Newton stops at ‖∇‖∞ ≤ 1e-10, which leaves an error up to ‖∇‖/μ per entry.
        #expect(TrainingFixtures.relativeError(byFixedPoint.columnMajorElements, byNewton.columnMajorElements) <= 1e-8)
        let m = Double(problem.data.sampleCount)
        for k in stride(from: 0, to: byNewton.count, by: 7) {
            let g = Self.derivative({ t in var v = byNewton; v[columnMajorIndex: k] = t; return m * problem.objective(w, states: v, proxies: p).total },
                                    at: byNewton.columnMajorElements[k])
            #expect(abs(g) <= Self.stationarity)
        }
    }

    @Test(arguments: [(RelaxedActivation.relu, TrainingLoss.squared), (.relu, .crossEntropy), (.tanh, .squared), (.tanh, .crossEntropy)])
    func proxyStepMeetsTheKKTConditions(activation: RelaxedActivation, loss: TrainingLoss) throws {
        let problem = try Self.problem(.implicit(states: 5), activation, loss: loss)
        let w = TrainingFixtures.parameters(problem, seed: 30)
        let (x, p0) = TrainingFixtures.states(problem, w, seed: 32)
        var p = p0
        try problem.proxyStateStep(w, states: x, proxies: &p)
        let m = Double(problem.data.sampleCount)
        var atBound = 0
        for k in p.columnMajorElements.indices {
            let v = p.columnMajorElements[k]
            let bound = 1 - RelaxedActivation.tanhBoundaryMargin
            let lower: Double? = activation == .relu ? 0 : -bound
            // At the upper tanh bound the difference is taken inward (backward).
            let held = activation == .tanh && abs(v) >= bound - DampedNewton.heldDistance
            let upper = held && v > 0
            let edge: Double? = activation == .tanh ? 1 : nil
            let f = { (t: Double) in var q = p; q[columnMajorIndex: k] = upper ? 2 * v - t : t; return m * problem.objective(w, states: x, proxies: q).total }
            let g = upper ? -Self.derivative(f, at: v, lowerBound: v, singularAt: edge)
                          : Self.derivative(f, at: v, lowerBound: held ? v : lower, singularAt: edge)
            if held {
                atBound += 1
                #expect(g * (v > 0 ? 1 : -1) <= Self.stationarity, "held at the box with the gradient pointing inward")
            } else if activation == .relu && v == 0 {
                atBound += 1
                #expect(g >= -Self.stationarity, "p = 0 with a descent direction into p > 0")
            } else {
                #expect(abs(g) <= Self.stationarity, "entry \(k): ∂ = \(g)")
            }
        }
        if activation == .relu { #expect(atBound > 0, "the sign constraint should bind somewhere") }
        _ = atBound
    }

    /// The ReLU squared-loss P-step per sample against brute force over supports.
    @Test func reluProxyStepMatchesEnumerationOfSupports() throws {
        let problem = try Self.problem(.implicit(states: 5), .relu)
        let w = TrainingFixtures.parameters(problem, seed: 40)
        let (x, p0) = TrainingFixtures.states(problem, w, seed: 42)
        var p = p0
        try problem.proxyStateStep(w, states: x, proxies: &p)
        let m = problem.data.sampleCount
        func columnObjective(_ q: Matrix) -> Double { problem.objective(w, states: x, proxies: q).total }
        for j in stride(from: 0, to: m, by: 5) {
            var best = Double.infinity
            for mask in 0..<(1 << 5) {
                // Minimise over the free set by the stationarity system of the per-sample QP.
                let set = (0..<5).filter { mask & (1 << $0) != 0 }
                var q = p
                for i in 0..<5 { q[i, j] = 0 }
                if !set.isEmpty {
                    var h = Matrix.product(w.c, w.c, transposeA: .transposed)
                    for i in 0..<5 { h[i, i] += problem.dualWeights[i] + problem.options.mu }
                    let z = problem.preactivations(w, states: x)
                    var residual = problem.data.targets.column(j)
                    let offset = problem.inputTerm(w.d, w.biasY)
                    for i in residual.indices { residual[i] -= offset[i, j] }
                    let pulled = w.c.apply(to: residual, transpose: .transposed)
                    let r = (0..<5).map { pulled[$0] + problem.dualWeights[$0] * z[$0, j] + problem.options.mu * x[$0, j] }
                    let s = try LUFactorization(h.submatrix(rows: set, cols: set)).solve(Matrix(column: set.map { r[$0] }))
                    guard s.columnMajorElements.allSatisfy({ $0 >= 0 }) else { continue }
                    for (k, i) in set.enumerated() { q[i, j] = s.columnMajorElements[k] }
                }
                best = min(best, columnObjective(q))
            }
            #expect(columnObjective(p) <= best + 1e-12 * max(1, abs(best)))
        }
    }
}
