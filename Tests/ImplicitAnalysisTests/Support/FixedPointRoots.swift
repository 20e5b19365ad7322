import Linalg
import ImplicitModel
import ImplicitTestSupport

/// An independent count of the fixed points of x = φ(Ax + b): plain Newton on
/// H(x) = x − φ(Ax + b) in x (the analysis works in z = Ax + b and deflates) from a dense grid of
/// starts over the values the states can take, and from φ of a grid of pre-activations, keeping
/// the distinct converged points.
enum FixedPointRoots {
    /// Grid points per state for k ≤ `gridDimensionLimit` states; beyond, random starts.
    static let gridPoints = [1: 41, 2: 15, 3: 5]
    static let gridDimensionLimit = 3
    static let randomStarts = 300
    /// A start range for an unbounded side of φ's values.
    static let unboundedReach = 20.0
    /// Pre-activations z whose images φ(z) are starts too, so that the steep parts of φ are sampled.
    static let preActivations: [Double] = [-30, -10, -5, -3, -2, -1.5, -1, -0.6, -0.3, -0.1, 0.1, 0.3, 0.6, 1, 1.5, 2, 3, 5, 10, 30]
    static let residualTolerance = 1e-10
    static let separation = 1e-6

    /// The distinct solutions found (each with max |x − φ(Ax + b)| ≤ residualTolerance · scale).
    static func solutions(_ a: Matrix, _ activations: [Activation], b: [Double], seed: UInt64 = 7) -> [[Double]] {
        let n = a.rows
        let ranges = activations.map { activation -> (Double, Double) in
            let range = activation.valueRange
            let lo = range.lower.isFinite ? range.lower : -unboundedReach
            let hi = range.upper.isFinite ? range.upper : unboundedReach
            return (lo, hi)
        }
        // Per state: a uniform grid over its values and φ of a grid of pre-activations.
        let axes: [[Double]] = (0..<n).map { i in
            let (lo, hi) = ranges[i]
            let points = gridPoints[n] ?? gridPoints[gridDimensionLimit] ?? 9
            return (0..<points).map { lo + (hi - lo) * (Double($0) + 0.5) / Double(points) }
                + preActivations.map { activations[i]($0) }
        }
        var starts: [[Double]] = []
        if n <= gridDimensionLimit {
            let total = axes.reduce(1) { $0 * $1.count }
            for index in 0..<total {
                var rest = index
                starts.append((0..<n).map { i in
                    let k = rest % axes[i].count; rest /= axes[i].count
                    return axes[i][k]
                })
            }
        } else {
            var generator = SeededGenerator(seed: seed)
            for _ in 0..<(2 * randomStarts) {
                starts.append((0..<n).map { i in axes[i][generator.int(0...(axes[i].count - 1))] })
            }
        }
        var found: [[Double]] = []
        for start in starts {
            guard let x = newton(a, activations, b, start) else { continue }
            let distinct = found.allSatisfy { other in
                let size = (x + other).reduce(1) { max($0, abs($1)) }
                return zip(x, other).map { abs($0 - $1) }.max()! >= separation * size
            }
            if distinct { found.append(x) }
        }
        return found
    }

    static func residual(_ a: Matrix, _ activations: [Activation], _ b: [Double], _ x: [Double]) -> [Double] {
        let n = a.rows
        return (0..<n).map { i in
            var z = b[i]
            for j in 0..<n { z += a[i, j] * x[j] }
            return x[i] - activations[i](z)
        }
    }

    static func newton(_ a: Matrix, _ activations: [Activation], _ b: [Double], _ start: [Double]) -> [Double]? {
        let n = a.rows
        var x = start
        var h = residual(a, activations, b, x)
        for _ in 0..<60 {
            let norm = h.map(abs).max() ?? 0
            let scale = (b + x).reduce(1) { max($0, abs($1)) }
            if norm <= 1e-13 * scale { break }
            var jacobian = Matrix.identity(n)
            for i in 0..<n {
                var z = b[i]
                for j in 0..<n { z += a[i, j] * x[j] }
                let slope = activations[i].derivative(z)
                for j in 0..<n { jacobian[i, j] -= slope * a[i, j] }
            }
            guard let lu = try? LUFactorization(jacobian), !lu.isSingular,
                  let step = try? lu.solve(Matrix(column: h.map { -$0 })) else { return nil }
            var t = 1.0, accepted = false
            while t > 1e-8 {
                let trial = (0..<n).map { x[$0] + t * step.columnMajorElements[$0] }
                let next = residual(a, activations, b, trial)
                if (next.map(abs).max() ?? 0) < (1 - 1e-4 * t) * norm { x = trial; h = next; accepted = true; break }
                t /= 2
            }
            if !accepted { break }
        }
        let scale = (b + x).reduce(1) { max($0, abs($1)) }
        return (h.map(abs).max() ?? .infinity) <= residualTolerance * scale && x.allSatisfy(\.isFinite) ? x : nil
    }
}

extension BruteForce {
    /// det(I − A·diag(v)) at every vertex v of the slope box Πᵢ[σ₋ᵢ, σ₊ᵢ], each by LAPACK's LU of
    /// its own matrix (no Schur complements, no base corner).
    static func vertexDeterminants(_ a: Matrix, _ activations: [Activation]) -> [Double] {
        let n = a.rows
        return (0..<(1 << n)).map { mask in
            var m = Matrix.identity(n)
            for j in 0..<n {
                let range = activations[j].slopeRange
                let slope = mask & (1 << j) != 0 ? range.upperBound : range.lowerBound
                for i in 0..<n { m[i, j] -= a[i, j] * slope }
            }
            return determinant(m)
        }
    }
}
