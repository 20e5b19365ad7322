import Linalg

/// The fixed-point equation x = Φ(A x + c) of one cyclic component, for a batch of right-hand
/// sides c (one sample per column): what every solver of the component evaluates, and the one
/// check (`verify`) every state it returns passes.
struct ComponentEquation: Sendable {
    /// A, held column-major in float64: the per-sample solvers apply it with gemv
    /// (`Matrix.apply`), which would otherwise copy a row-major (or widen a float32-kept) A at
    /// every call.
    let a: Matrix
    let map: ComponentMap

    init(a: Matrix, map: ComponentMap) {
        precondition(a.isSquare && a.rows == map.states, "component shapes disagree")
        self.a = a.inLayout(.columnMajor).inFloat64()
        self.map = map
    }

    /// Φ(A x + c) over the batch.
    func image(_ x: Matrix, _ c: Matrix) -> Matrix {
        var z = c
        z.addProduct(a, x)
        map.apply(to: &z)
        return z
    }

    /// next ← Φ(A x + c) over the batch, reusing next's buffer (of c's shape).
    func image(_ x: Matrix, _ c: Matrix, into next: inout Matrix) {
        precondition(next.rows == c.rows && next.cols == c.cols, "image buffer of another shape")
        next.withMutableColumnMajorElements { dst in
            c.withColumnMajorElements { _ = dst.update(fromContentsOf: $0) }
        }
        next.addProduct(a, x)
        map.apply(to: &next)
    }

    /// One sample's residual: z = A x + c, f = x − Φ(z) and max |f| (infinity when some fᵢ is
    /// NaN, so that no comparison takes a NaN residual for a small one).
    func residual(of x: [Double], _ c: [Double]) -> (f: [Double], z: [Double], norm: Double) {
        var z = a.apply(to: x)
        for i in z.indices { z[i] += c[i] }
        var phi = z
        map.apply(toSample: &phi)
        var f = [Double](repeating: 0, count: x.count), norm = 0.0
        for i in x.indices {
            f[i] = x[i] - phi[i]
            let size = Swift.abs(f[i])
            if !(size <= norm) { norm = size.isNaN ? .infinity : size }
        }
        return (f, z, norm)
    }

    /// Checks that every sample j is finite and max |x_j − Φ(A x_j + c_j)| ≤ tolerance ·
    /// max(1, max |x_j|); a NaN in the image counts as a failed check.
    /// - Throws: `EvaluationError.notConverged` (method "verification") for the first sample
    ///   that fails, with its residual.
    func verify(_ x: Matrix, _ c: Matrix, tolerance: Double, blockNames: [String]) throws {
        let image = image(x, c)
        let n = x.rows
        let failure: (sample: Int, residual: Double)? = x.withColumnMajorElements { xs in
            image.withColumnMajorElements { phi in
                for j in 0..<x.cols {
                    var worst = 0.0, scale = 1.0, sawNaN = false, finite = true
                    for i in (j * n)..<(j * n + n) {
                        let difference = Swift.abs(xs[i] - phi[i])
                        worst = Swift.max(worst, difference)
                        scale = Swift.max(scale, Swift.abs(xs[i]))
                        if difference.isNaN { sawNaN = true }
                        if !xs[i].isFinite { finite = false }
                    }
                    if sawNaN || !finite || !(worst <= tolerance * scale) { return (j, sawNaN ? .nan : worst) }
                }
                return nil
            }
        }
        if let failure {
            throw EvaluationError.notConverged(blocks: blockNames, sample: failure.sample, method: "verification",
                                               residual: failure.residual)
        }
    }
}
