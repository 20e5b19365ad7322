extension ImplicitModel {
    /// Doubles that `evaluate` holds at its peak for `samples` inputs, an upper estimate to check
    /// against a memory limit before the work starts.
    ///
    /// m · (p + 3n + 2q): the inputs (p × m), every state block's result kept until the output
    /// is formed (n × m), one block's pre-activation and its solver's iterates (at most 2n × m),
    /// and the outputs with the head applied to a copy (2q × m). Saturates at `Int.max` instead
    /// of overflowing, so a sample count from a flag can never wrap round to a small number.
    public func evaluationDoubles(samples: Int) -> Int {
        let perSample = [input.size, 3 * stateCount, 2 * output.size].reduce(0) { total, part in
            total.addingReportingOverflow(part).overflow ? Int.max : total + part
        }
        let (doubles, overflow) = max(0, samples).multipliedReportingOverflow(by: perSample)
        return overflow ? Int.max : doubles
    }
}
