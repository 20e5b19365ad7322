extension LUFactorization {
    /// sign(det A) ∈ {−1, 0, 1}, from the signs of U's diagonal and the pivot parity, so that it
    /// stays right when Π Uᵢᵢ would overflow or underflow.
    public var determinantSign: Int {
        var sign = 1
        for i in 0..<factors.rows {
            let u = factors[i, i]
            if u == 0 { return 0 }
            if u < 0 { sign = -sign }
            if pivots[i] != Int32(i + 1) { sign = -sign }
        }
        return sign
    }
}
