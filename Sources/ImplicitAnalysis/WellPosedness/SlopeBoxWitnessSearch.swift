import ImplicitModel

/// Two or more solutions of x = φ(Ax + b) for a component whose slope box has a vertex D with
/// det(I − A·D) of the sign opposite to another vertex.
///
/// In z = Ax + b the fixed points are the solutions of F(z) = z − Aφ(z) = b, with Jacobian
/// F'(z) = I − A·diag(φ'(z)). The recipe (docs/lint.md, "Slope-box witnesses"):
/// 1. z*: each zᵢ* where φ'ᵢ is within τ·(σ₊ᵢ − σ₋ᵢ) of the vertex slope Dᵢ (`SlopeLocator`), τ
///    shrinking from `fractions[0]` until det F'(z*) has the vertex's sign. det is affine in each
///    slope, so a small enough τ always works.
/// 2. b* = F(z*): z* is one solution. When F has degree +1 (every φᵢ bounded) and b* is a regular
///    value, the sign of det F'(z*) < 0 forces at least two more.
/// 3. Damped Newton on F(z) = b*, deflated at the solutions already found (Farrell, Birkisson,
///    Funke 2015: G(z)·Πₖ(‖z − zₖ‖⁻² + 1), whose Newton step is d / (1 − ∇log m · d), d the plain
///    step), from z* ± t·u (u the direction of the smallest singular value of F'(z*)), from the
///    saturated orthant corners b* + Aφ(s ∘ R), s ∈ {±1}ᵏ, and from random points.
/// 4. Every solution is polished by plain Newton and checked in x: xᵏ = φ(zᵏ) with
///    max |xᵏ − φ(Axᵏ + b*)| ≤ `slopeBoxResidualTolerance` · scale.
struct SlopeBoxWitnessSearch {
    /// A witness found: the verified solutions (≥ 2, in x), z* and det F'(z*).
    struct Found {
        var b: [Double]
        var solutions: [[Double]]
        var point: [Double]
        var jacobianDeterminant: Double
        var residual: Double
    }

    /// Fractions τ of the box width tried for z*, coarse first (moderate z, moderate b*).
    static let fractions: [Double] = [0.25, 0.1, 0.03, 0.01, 1e-3, 1e-4, 1e-6, 1e-8, 1e-10]
    /// Newton stops when ‖F(z) − b*‖∞ ≤ this · scale: near the rounding of z − Aφ(z).
    static let newtonTolerance = 1e-14
    static let newtonIterations = 80
    static let polishIterations = 4
    /// Smallest accepted line-search step.
    static let smallestStep = 1e-10
    /// Armijo fraction: a step t is accepted when the merit falls by at least this · t.
    static let sufficientDecrease = 1e-4
    /// The deflated step d / (1 − ∇log m · d) is used only when |1 − ∇log m · d| exceeds this;
    /// closer to 0 the deflation would fling the iterate away, and the plain step is taken.
    static let deflationFloor = 1e-12
    /// Distances t of the starts z* ± t·u, in units of max(1, ‖z*‖∞).
    static let foldDistances: [Double] = [0.25, 0.5, 1, 2, 4, 8]
    /// Sign patterns tried as saturated corners: all 2ᵏ up to this many, else a random sample.
    static let cornerBudget = 256
    static let randomStarts = 32
    /// Stop after this many distinct solutions (two prove ill-posedness; a third is shown when
    /// it comes for free).
    static let wantedSolutions = 3

    let a: Matrix
    let activations: [Activation]
    let options: WellPosednessOptions
    let locators: [SlopeLocator]
    let widths: [Double]

    init(a: Matrix, activations: [Activation], options: WellPosednessOptions) {
        self.a = a
        self.activations = activations
        self.options = options
        locators = activations.map(SlopeLocator.init)
        widths = activations.map { $0.slopeRange.upperBound - $0.slopeRange.lowerBound }
    }

    var k: Int { a.rows }

    /// F(z) − b.
    func residual(_ z: [Double], _ b: [Double]) -> [Double] {
        let az = a.apply(to: (0..<k).map { activations[$0](z[$0]) })
        return (0..<k).map { z[$0] - az[$0] - b[$0] }
    }

    /// F'(z) = I − A·diag(φ'(z)).
    func jacobian(_ z: [Double]) -> Matrix {
        var j = Matrix.identity(k)
        for c in 0..<k {
            let slope = activations[c].derivative(z[c])
            for r in 0..<k { j[r, c] -= a[r, c] * slope }
        }
        return j
    }

    /// z* with sign(det F'(z*)) = `sign` and every slope close to `vertex`, or nil.
    func point(near vertex: [Double], sign: Int) -> (z: [Double], determinant: Double)? {
        for fraction in SlopeBoxWitnessSearch.fractions {
            let z = (0..<k).map { i in
                widths[i] > 0 ? locators[i].argument(withSlope: vertex[i], tolerance: fraction * widths[i]) : 0
            }
            let j = jacobian(z)
            guard let lu = try? LUFactorization(j), !lu.isSingular,
                  lu.reciprocalCondition(norm1: j.norm1) > options.conditionTolerance else { continue }
            if lu.determinantSign == sign { return (z, lu.determinant) }
        }
        return nil
    }

    /// Solutions of F(z) = b from z* of the vertex's sign, or nil when fewer than two verify.
    func run(vertex: [Double], sign: Int) -> Found? {
        guard let (star, determinant) = point(near: vertex, sign: sign) else { return nil }
        let b = residual(star, [Double](repeating: 0, count: k))
        var roots: [[Double]] = [star]
        for start in starts(from: star, b: b) {
            guard let z = newton(from: start, b: b, deflating: roots), isNew(z, roots) else { continue }
            roots.append(z)
            if roots.count >= SlopeBoxWitnessSearch.wantedSolutions { break }
        }
        var solutions: [[Double]] = []
        var worst = 0.0
        for root in roots {
            let x = (0..<k).map { activations[$0](root[$0]) }
            let r = fixedPointResidual(x, b)
            guard r <= options.slopeBoxResidualTolerance * scale(b, x), isNew(x, solutions) else { continue }
            solutions.append(x)
            worst = Swift.max(worst, r)
        }
        guard solutions.count >= 2 else { return nil }
        return Found(b: b, solutions: solutions, point: star, jacobianDeterminant: determinant, residual: worst)
    }

    /// max(1, ‖b‖∞, ‖x‖∞): the scale residuals are relative to.
    func scale(_ b: [Double], _ x: [Double]) -> Double {
        (b + x).reduce(1) { Swift.max($0, Swift.abs($1)) }
    }

    /// max |xᵢ − φᵢ((Ax + b)ᵢ)|.
    func fixedPointResidual(_ x: [Double], _ b: [Double]) -> Double {
        let z = a.apply(to: x)
        var worst = 0.0
        for i in 0..<k {
            let r = Swift.abs(x[i] - activations[i](z[i] + b[i]))
            worst = r.isNaN ? .infinity : Swift.max(worst, r)
        }
        return worst
    }

    /// Distinct from every known point by at least `witnessSeparation` · max(1, ‖·‖∞).
    private func isNew(_ v: [Double], _ known: [[Double]]) -> Bool {
        known.allSatisfy { other in
            let size = (v + other).reduce(1) { Swift.max($0, Swift.abs($1)) }
            let distance = zip(v, other).reduce(0) { Swift.max($0, Swift.abs($1.0 - $1.1)) }
            return distance >= options.witnessSeparation * size
        }
    }

    /// Fold directions first, then saturated corners, then random points.
    private func starts(from star: [Double], b: [Double]) -> [[Double]] {
        var result: [[Double]] = []
        let size = star.reduce(1) { Swift.max($0, Swift.abs($1)) }
        if let svd = try? SingularValueDecomposition(jacobian(star)), let last = svd.values.indices.last {
            let u = svd.vt.row(last)
            for t in SlopeBoxWitnessSearch.foldDistances {
                for s in [1.0, -1.0] { result.append((0..<k).map { star[$0] + s * t * size * u[$0] }) }
            }
        }
        let reach = star.map { Swift.max(4, 2 * Swift.abs($0)) }
        func image(_ c: [Double]) -> [Double] {
            let ac = a.apply(to: (0..<k).map { activations[$0](c[$0]) })
            return (0..<k).map { b[$0] + ac[$0] }
        }
        var generator = SplitMix64(seed: options.seed ^ UInt64(k))
        let corners = k < 63 && (1 << k) <= SlopeBoxWitnessSearch.cornerBudget ? 1 << k : SlopeBoxWitnessSearch.cornerBudget
        for pattern in 0..<corners {
            let bits = corners == 1 << k ? UInt64(pattern) : generator.next()
            result.append(image((0..<k).map { bits & (UInt64(1) << UInt64($0)) != 0 ? reach[$0] : -reach[$0] }))
        }
        for _ in 0..<SlopeBoxWitnessSearch.randomStarts {
            result.append(image((0..<k).map { reach[$0] * generator.normal() }))
        }
        return result
    }

    /// Damped Newton on F(z) = b, deflated at `known`, then polished undeflated; nil when it
    /// stalls, leaves the finite numbers or ends on a known solution.
    private func newton(from start: [Double], b: [Double], deflating known: [[Double]]) -> [Double]? {
        var z = start
        func deflation(_ z: [Double]) -> (factor: Double, gradient: [Double]) {
            var factor = 1.0
            var gradient = [Double](repeating: 0, count: k)
            for root in known {
                let diff = (0..<k).map { z[$0] - root[$0] }
                let squared = diff.reduce(0) { $0 + $1 * $1 }
                guard squared > 0 else { return (.infinity, gradient) }
                let m = 1 / squared + 1
                factor *= m
                let weight = -2 / (squared * squared) / m
                for i in 0..<k { gradient[i] += weight * diff[i] }
            }
            return (factor, gradient)
        }
        func maxAbs(_ v: [Double]) -> Double { v.reduce(0) { Swift.max($0, Swift.abs($1)) } }
        var g = residual(z, b)
        var merit = maxAbs(g) * deflation(z).factor
        var converged = false
        for _ in 0..<SlopeBoxWitnessSearch.newtonIterations {
            let tolerance = SlopeBoxWitnessSearch.newtonTolerance * scale(b, z)
            if maxAbs(g) <= tolerance { converged = true; break }
            guard let d = step(z, g) else { return nil }
            let (_, gradient) = deflation(z)
            let denominator = 1 - zip(gradient, d).reduce(0) { $0 + $1.0 * $1.1 }
            let direction = denominator.isFinite && Swift.abs(denominator) > SlopeBoxWitnessSearch.deflationFloor ? d.map { $0 / denominator } : d
            var t = 1.0, accepted = false
            while t >= SlopeBoxWitnessSearch.smallestStep {
                let trial = (0..<k).map { z[$0] + t * direction[$0] }
                let trialG = residual(trial, b)
                let trialMerit = maxAbs(trialG) * deflation(trial).factor
                if trialMerit.isFinite, trialMerit < (1 - SlopeBoxWitnessSearch.sufficientDecrease * t) * merit || maxAbs(trialG) <= tolerance {
                    z = trial; g = trialG; merit = trialMerit; accepted = true; break
                }
                t /= 2
            }
            if !accepted { break }
        }
        guard converged || maxAbs(g) <= options.slopeBoxResidualTolerance * scale(b, z) else { return nil }
        for _ in 0..<SlopeBoxWitnessSearch.polishIterations {
            guard let d = step(z, g) else { break }
            let trial = (0..<k).map { z[$0] + d[$0] }
            let trialG = residual(trial, b)
            guard maxAbs(trialG) < maxAbs(g) else { break }
            z = trial; g = trialG
        }
        return z.allSatisfy(\.isFinite) ? z : nil
    }

    /// The plain Newton step −F'(z)⁻¹(F(z) − b).
    private func step(_ z: [Double], _ g: [Double]) -> [Double]? {
        guard let lu = try? LUFactorization(jacobian(z)), !lu.isSingular,
              let solved = try? lu.solve(Matrix(column: g.map { -$0 })) else { return nil }
        let d = solved.column(0)
        return d.allSatisfy(\.isFinite) ? d : nil
    }
}
