import ImplicitModel

extension OutputDeviation {
    /// Doubles that `measure` holds at its peak for `samples` inputs of `original`, an upper
    /// estimate to check against a memory limit before any input is drawn.
    ///
    /// Two evaluations (the original, then the reduced model, which is no larger) and a copy of
    /// the inputs for the reduced model's columns: 2 · `evaluationDoubles(samples:)` + p · m,
    /// saturating at `Int.max`.
    public static func workingDoubles(original: ImplicitModel, samples: Int) -> Int {
        let evaluation = original.evaluationDoubles(samples: samples)
        let (inputs, inputsOverflow) = max(0, samples).multipliedReportingOverflow(by: original.input.size)
        let (twice, twiceOverflow) = evaluation.multipliedReportingOverflow(by: 2)
        let (total, totalOverflow) = twice.addingReportingOverflow(inputs)
        return inputsOverflow || twiceOverflow || totalOverflow ? Int.max : total
    }
}

extension ReductionOptions.Verification {
    /// The number of inputs the deviation is measured on.
    public var sampleCount: Int {
        switch self {
        case .random(let count, _): return count
        case .given(let inputs): return inputs.cols
        }
    }
}
