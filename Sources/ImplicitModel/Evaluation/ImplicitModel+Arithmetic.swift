extension ImplicitModel {
    /// ŷ for every column of `inputs` in the given arithmetic: float64 through the solvers
    /// (every state verified), float32 through `Float32Plan`, one float32 gemm per stored block.
    /// `predict` and `fit`'s score of the file it wrote both go through here, so the error `fit`
    /// reports is what `predict` gives on the file with the same arithmetic.
    /// - Returns: nil when float32 is asked of a model with a cyclic component.
    /// - Throws: `EvaluationError` when a solve or its verification fails.
    public func predict(_ inputs: Matrix, applyHead: Bool, arithmetic: WeightPrecision,
                        options: SolverOptions = SolverOptions(), report: inout EvaluationReport) throws -> Matrix? {
        switch arithmetic {
        case .float32:
            guard let plan = Float32Plan(self) else { return nil }
            return try plan.predict(inputs, applyHead: applyHead)
        case .float64:
            return try predict(inputs, applyHead: applyHead, options: options, report: &report)
        }
    }
}
