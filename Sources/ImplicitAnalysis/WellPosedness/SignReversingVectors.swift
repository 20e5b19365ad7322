import ImplicitModel

/// Sign-reversing vectors of M from a principal subset α with det(M[α, α]) ≤ 0: vectors x ≠ 0,
/// zero outside α, with xᵢ (Mx)ᵢ ≤ 0 for every i.
///
/// Outside α, xᵢ = 0, so only α matters. Let N = M[α, α]⁻¹. If some Nᵢᵢ ≤ 0, then x = N eᵢ gives
/// (Mx)_α = eᵢ, so xᵢ (Mx)ᵢ = Nᵢᵢ ≤ 0 and every other product is 0. Since
/// Nᵢᵢ = det M[α∖i] / det M[α], this happens as soon as det M[α] < 0 and some det M[α∖i] ≥ 0;
/// otherwise every det M[α∖i] < 0 and α shrinks by one index (N of the smaller set is the downdate
/// N − N₍:,ᵢ₎ N₍ᵢ,:₎ / Nᵢᵢ), down to a 1 × 1 negative minor at worst. If M[α, α] is singular, a null
/// vector y gives (Mx)_α = 0 and xᵢ (Mx)ᵢ = 0 everywhere. The candidates are computed in floating
/// point, so each is verified downstream.
enum SignReversingVectors {
    /// Cap on index deletions while every diagonal entry of the inverse stays positive: each costs
    /// O(|α|²), so the cap bounds the work on large subsets; the SVD candidate remains.
    static let maximumShrinkSteps = 32

    /// - Parameters:
    ///   - m: the k × k LCP matrix.
    ///   - subset: α, local indices.
    ///   - cubicSizeLimit: above this |α|, no inverse or SVD is formed.
    /// - Returns: candidates of length k, most promising first.
    static func candidates(_ m: Matrix, subset: [Int], cubicSizeLimit: Int) -> [[Double]] {
        let s = subset.count
        guard s > 0, s <= cubicSizeLimit else { return [] }
        let sub = m.submatrix(rows: subset, cols: subset)
        func extended(_ local: [Double]) -> [Double] {
            var x = [Double](repeating: 0, count: m.rows)
            for (r, i) in subset.enumerated() { x[i] = local[r] }
            return x
        }
        var result: [[Double]] = []
        if let lu = try? LUFactorization(sub), !lu.isSingular, let inverse = try? lu.inverse(),
           let local = fromInverse(inverse, negativeDeterminant: lu.determinantSign < 0) {
            result.append(extended(local))
        }
        if let svd = try? SingularValueDecomposition(sub), let last = svd.values.indices.last {
            result.append(extended(svd.vt.row(last)))
        }
        return result
    }

    /// x = N eᵢ for the i with the most negative Nᵢᵢ (relative to its column), shrinking α while
    /// every Nᵢᵢ is positive and the determinant negative.
    private static func fromInverse(_ inverse: Matrix, negativeDeterminant: Bool) -> [Double]? {
        var n = inverse
        var active = Array(0..<inverse.rows)
        for _ in 0...maximumShrinkSteps {
            let s = active.count
            var best = -1, bestValue = Double.infinity
            for i in 0..<s {
                var columnMax = 0.0
                for r in 0..<s { columnMax = Swift.max(columnMax, Swift.abs(n[r, i])) }
                guard columnMax > 0 else { continue }
                let value = n[i, i] / columnMax
                if value < bestValue { bestValue = value; best = i }
            }
            guard best >= 0 else { return nil }
            if bestValue <= 0 {
                var x = [Double](repeating: 0, count: inverse.rows)
                for r in 0..<s { x[active[r]] = n[r, best] }
                return x
            }
            guard negativeDeterminant, s > 1 else { return nil }
            // Every det M[α∖i] has the sign of det M[α] · Nᵢᵢ < 0: drop the index with the largest Nᵢᵢ.
            var drop = 0
            for i in 1..<s where n[i, i] > n[drop, drop] { drop = i }
            var smaller = Matrix(rows: s - 1, cols: s - 1)
            let keep = (0..<s).filter { $0 != drop }
            let pivot = n[drop, drop]
            for (jj, j) in keep.enumerated() {
                for (ii, i) in keep.enumerated() { smaller[ii, jj] = n[i, j] - n[i, drop] * n[drop, j] / pivot }
            }
            n = smaller
            active = keep.map { active[$0] }
        }
        return nil
    }
}
