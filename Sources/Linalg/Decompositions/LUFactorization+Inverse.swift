extension LUFactorization {
    /// A⁻¹, from `dgetrs` on the identity.
    /// - Throws: `LinalgError.breakdown` when A is singular.
    public func inverse() throws -> Matrix {
        try solve(.identity(factors.rows))
    }
}
