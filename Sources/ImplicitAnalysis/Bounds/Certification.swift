import ImplicitModel

/// Robustness certification (`implicit certify`): for each row x_j with label l_j, whether
/// l_j stays the arg-max of the raw outputs for every input of its box.
///
/// Row j is certified when every margin y_l − y_i, i ≠ l, has a positive lower bound over the box.
/// The margins are bounded directly, through the readout E_l (C x + D u + c) with the margin
/// matrix E_l folded into the last linear map (`AffineReadout.margins(label:)`), which is
/// tighter than subtracting separate bounds of the outputs. A certified row is also correctly
/// classified at x_j, which lies in its box. Ties (a margin bound of exactly 0) are not certified.
public struct Certification: Sendable {
    public let bounds: OutputBounds

    public init(bounds: OutputBounds) {
        self.bounds = bounds
    }

    /// Certifies every row.
    /// - Parameters:
    ///   - samples: p × m, one sample per column: the points whose predictions count as clean.
    ///   - labels: one class index per row, 0…q−1.
    ///   - inputs: one box per row, holding its sample.
    ///   - solver: how the clean predictions are solved.
    /// - Throws: `BoundsError.invalidLabels`, `BoundsError.invalidInputSet`, the bound's
    ///   `BoundsError.noFiniteBound`, `EvaluationError` from the clean predictions.
    public func certify(samples: Matrix, labels: [Int], inputs: InputSet,
                        solver: SolverOptions = SolverOptions()) throws -> CertificationReport {
        let model = bounds.model, q = model.output.size, m = samples.cols
        guard q >= 2 else { throw BoundsError.invalidLabels(why: "certification needs at least two classes, the model has \(q) output") }
        guard labels.count == m else { throw BoundsError.invalidLabels(why: "\(labels.count) labels for \(m) rows") }
        if let (row, label) = labels.enumerated().first(where: { !(0..<q).contains($0.element) }) {
            throw BoundsError.invalidLabels(why: "row \(row) has label \(label), not a class 0…\(q - 1)")
        }
        guard inputs.count == m else {
            throw BoundsError.invalidInputSet(why: "\(inputs.count) boxes for \(m) rows")
        }
        let outputs = try model.predict(samples, applyHead: false, options: solver)
        let states = try bounds.stateBounds(inputs)
        var lowest = [Double](repeating: .infinity, count: m)
        for label in Set(labels).sorted() {
            let rows = labels.indices.filter { labels[$0] == label }
            let boxes = inputs.boxes.columns(rows)
            let group = try InputSet(lower: boxes.lower, upper: boxes.upper)
            let groupStates = StateBounds(
                preActivation: states.preActivation.columns(rows), state: states.state.columns(rows),
                unconvergedComponents: states.unconvergedComponents)
            let margins = try bounds.bounds(of: AffineReadout(model: model).margins(label: label),
                                            states: groupStates, inputs: group)
            for (local, row) in rows.enumerated() {
                lowest[row] = (0..<margins.rows).map { margins.lower[$0, local] }.min() ?? .infinity
            }
        }
        let results = (0..<m).map { j in
            let column = outputs.column(j)
            let predicted = column.indices.max { column[$0] < column[$1] } ?? 0
            return CertificationReport.Row(row: j, label: labels[j], predicted: predicted,
                                           certified: lowest[j] > 0, lowestMarginBound: lowest[j])
        }
        return CertificationReport(method: bounds.method, applied: bounds.appliedMethods, rows: results,
                                   unconvergedComponents: states.unconvergedComponents)
    }
}
