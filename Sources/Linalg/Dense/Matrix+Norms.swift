extension Matrix {
    /// ‖A‖₁ = max_j Σ_i |a_ij|, the largest absolute column sum (each sum in increasing i,
    /// whatever the layout).
    public var norm1: Double {
        layout == .columnMajor ? Matrix.largestLineSum(elements, lines: cols, length: rows)
                               : Matrix.largestCrossSum(elements, lines: rows, length: cols)
    }

    /// ‖A‖∞ = max_i Σ_j |a_ij|, the largest absolute row sum (each sum in increasing j).
    public var normInf: Double {
        layout == .columnMajor ? Matrix.largestCrossSum(elements, lines: cols, length: rows)
                               : Matrix.largestLineSum(elements, lines: rows, length: cols)
    }

    /// max over contiguous lines of Σ |x| along the line.
    private static func largestLineSum(_ x: [Double], lines: Int, length: Int) -> Double {
        var best = 0.0
        for l in 0..<lines {
            var sum = 0.0
            for k in 0..<length { sum += Swift.abs(x[k + l * length]) }
            best = Swift.max(best, sum)
        }
        return best
    }

    /// max over positions k of Σ_l |x[k + l · length]|, across the contiguous lines.
    private static func largestCrossSum(_ x: [Double], lines: Int, length: Int) -> Double {
        var sums = [Double](repeating: 0, count: length)
        for l in 0..<lines {
            let base = l * length
            for k in 0..<length { sums[k] += Swift.abs(x[base + k]) }
        }
        return sums.max() ?? 0
    }

    /// ‖A‖_F = √(Σ a_ij²).
    public var normFrobenius: Double { sumOfSquares.squareRoot() }

    /// ‖A‖₂, the largest singular value, from LAPACK's `dgesdd` (values only).
    public func norm2() throws -> Double { try singularValues().first ?? 0 }
}
