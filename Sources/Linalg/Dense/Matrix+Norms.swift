extension Matrix {
    /// ‖A‖₁ = max_j Σ_i |a_ij|, the largest absolute column sum.
    public var norm1: Double {
        var best = 0.0
        for j in 0..<cols {
            var sum = 0.0
            for i in 0..<rows { sum += Swift.abs(storage[i + j * rows]) }
            best = Swift.max(best, sum)
        }
        return best
    }

    /// ‖A‖∞ = max_i Σ_j |a_ij|, the largest absolute row sum.
    public var normInf: Double {
        var sums = [Double](repeating: 0, count: rows)
        for j in 0..<cols {
            let base = j * rows
            for i in 0..<rows { sums[i] += Swift.abs(storage[base + i]) }
        }
        return sums.max() ?? 0
    }

    /// ‖A‖_F = √(Σ a_ij²).
    public var normFrobenius: Double { storage.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// ‖A‖₂, the largest singular value, from LAPACK's `dgesdd` (values only).
    public func norm2() throws -> Double { try singularValues().first ?? 0 }
}
