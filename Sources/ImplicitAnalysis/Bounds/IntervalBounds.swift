import ImplicitModel

/// Interval bounds on every pre-activation and state of a model over one input box, as
/// `reduce` asks for them to prove units dead: `IntervalPropagation` on a batch of one box.
struct IntervalBounds {
    var preActivationLower: [Double]
    var preActivationUpper: [Double]
    var stateLower: [Double]
    var stateUpper: [Double]
    /// Names of the blocks of cyclic components whose interval iteration hit the cap.
    var unconvergedComponents: [[String]]

    init(model: ImplicitModel, box: InputBox, options: IntervalBoundOptions) throws {
        guard box.features == model.input.size else {
            throw ReductionError.invalidBox(why: "\(box.features) feature bounds for a model with \(model.input.size) inputs")
        }
        let bounds = try IntervalPropagation(model: model, options: options).stateBounds(try InputSet(box: box))
        preActivationLower = bounds.preActivation.lower.column(0)
        preActivationUpper = bounds.preActivation.upper.column(0)
        stateLower = bounds.state.lower.column(0)
        stateUpper = bounds.state.upper.column(0)
        unconvergedComponents = bounds.unconvergedComponents
    }
}
