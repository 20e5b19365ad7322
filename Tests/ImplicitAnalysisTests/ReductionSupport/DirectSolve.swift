import Foundation
import ImplicitModel

/// An independent evaluation of ŷ = C x + D u + c, x = φ(A x + B u + b), for dense A small enough
/// to hold: plain Picard iteration, sample by sample, with loops written out. Shares nothing with
/// the library's solvers; valid when ‖A‖ < 1 makes Picard converge.
enum DirectSolve {
    static func outputs(a: Matrix, b: Matrix, c: Matrix, d: Matrix, biasX: [Double], biasY: [Double],
                        activation: Activation, inputs: Matrix) -> Matrix {
        let n = a.rows, q = c.rows
        var y = Matrix(rows: q, cols: inputs.cols)
        for s in 0..<inputs.cols {
            var known = biasX
            for i in 0..<n { for j in 0..<inputs.rows { known[i] += b[i, j] * inputs[j, s] } }
            var x = [Double](repeating: 0, count: n)
            for _ in 0..<10_000 {
                var next = known
                for i in 0..<n {
                    for j in 0..<n { next[i] += a[i, j] * x[j] }
                    next[i] = activation(next[i])
                }
                let step = zip(next, x).reduce(0) { max($0, abs($1.0 - $1.1)) }
                x = next
                if step <= 1e-15 { break }
            }
            for i in 0..<q {
                var value = biasY[i]
                for j in 0..<n { value += c[i, j] * x[j] }
                for j in 0..<inputs.rows { value += d[i, j] * inputs[j, s] }
                y[i, s] = value
            }
        }
        return y
    }
}
