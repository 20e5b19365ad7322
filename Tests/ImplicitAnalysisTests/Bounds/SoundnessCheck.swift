@testable import ImplicitAnalysis
import ImplicitModel
import ImplicitTestSupport
import Linalg

/// Tries to leave the bounds: random points of each box, its vertices, and a projected-gradient
/// attack on every output in both directions, each evaluated by the library's solver (implicit
/// states solved exactly, not by the bounds' own arithmetic).
struct SoundnessCheck {
    let model: ImplicitModel
    /// Solver error allowed on an evaluated output: the fixed-point tolerance of `predict`.
    static let evaluationTolerance = 1e-9
    static let attackSteps = 15

    /// The first output outside its bound, as a message, or nil when every point stayed inside.
    func violation(bounds: IntervalBatch, inputs: InputSet, samples: Int, using rng: inout SeededGenerator) throws -> String? {
        for j in 0..<inputs.count {
            let (lo, hi) = inputs.boxes.box(j)
            var points: [[Double]] = (0..<samples).map { _ in zip(lo, hi).map { Double.random(in: $0...$1, using: &rng) } }
            if lo.count <= 10 {
                for corner in 0..<(1 << lo.count) {
                    points.append(lo.indices.map { corner >> $0 & 1 == 0 ? lo[$0] : hi[$0] })
                }
            }
            for output in 0..<model.output.size {
                for sign in [1.0, -1.0] { points.append(try attack(output: output, sign: sign, lower: lo, upper: hi)) }
            }
            let matrix = Matrix(rows: lo.count, cols: points.count, columnMajor: points.flatMap { $0 })
            let y = try model.predict(matrix, applyHead: false)
            for k in 0..<points.count {
                for i in 0..<model.output.size {
                    let value = y[i, k], slack = Self.evaluationTolerance * Swift.max(1, Swift.abs(value))
                    if value < bounds.lower[i, j] - slack || value > bounds.upper[i, j] + slack {
                        return "row \(j) output \(i): \(value) outside [\(bounds.lower[i, j]), \(bounds.upper[i, j])] at \(points[k])"
                    }
                }
            }
        }
        return nil
    }

    /// Projected (sign-)gradient ascent of sign · y_output from the box centre, central differences.
    func attack(output: Int, sign: Double, lower: [Double], upper: [Double]) throws -> [Double] {
        var u = zip(lower, upper).map { 0.5 * ($0 + $1) }
        let step = zip(lower, upper).map { ($1 - $0) / 4 }
        for _ in 0..<Self.attackSteps {
            var probes: [Double] = []
            for i in u.indices {
                for delta in [1e-6, -1e-6] { var v = u; v[i] += delta; probes += v }
            }
            let y = try model.predict(Matrix(rows: u.count, cols: 2 * u.count, columnMajor: probes), applyHead: false)
            for i in u.indices {
                let gradient = sign * (y[output, 2 * i] - y[output, 2 * i + 1])
                let moved = u[i] + (gradient > 0 ? step[i] : (gradient < 0 ? -step[i] : 0))
                u[i] = Swift.min(upper[i], Swift.max(lower[i], moved))
            }
        }
        return u
    }
}
