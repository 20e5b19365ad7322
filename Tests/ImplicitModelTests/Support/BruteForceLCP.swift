import ImplicitModel

/// Every solution of x = max(0, A x + c), found by trying each of the 2ⁿ supports S:
/// x_S = (I − A_SS)⁻¹ c_S, x elsewhere 0, kept when x_S ≥ 0 and (A x + c) ≤ 0 off S.
/// Independent of the solvers under test (it shares only LU with them).
enum BruteForceLCP {
    static func solutions(a: Matrix, c: [Double], tolerance: Double = 1e-10) -> [[Double]] {
        let n = c.count
        var found: [[Double]] = []
        for mask in 0..<(1 << n) {
            let support = (0..<n).filter { mask & (1 << $0) != 0 }
            var x = [Double](repeating: 0, count: n)
            if !support.isEmpty {
                var m = Matrix.identity(support.count)
                m.add(a.submatrix(rows: support, cols: support), scaledBy: -1)
                guard let lu = try? LUFactorization(m), !lu.isSingular,
                      let xs = try? lu.solve(Matrix(column: support.map { c[$0] })) else { continue }
                for (k, i) in support.enumerated() { x[i] = xs.columnMajorElements[k] }
            }
            let z = zip(a.apply(to: x), c).map { $0 + $1 }
            let consistent = (0..<n).allSatisfy { i in
                mask & (1 << i) != 0 ? x[i] >= -tolerance : z[i] <= tolerance
            }
            if consistent, !found.contains(where: { zip($0, x).allSatisfy { abs($0 - $1) <= 1e-8 } }) { found.append(x) }
        }
        return found
    }
}
