import ImplicitModel

/// The entry point of `implicit bounds` and `implicit certify`: bounds on a readout of a model
/// (its raw outputs, or the margins of a class) over every box of an input set, by the chosen
/// method.
///
/// Every method's bounds are intersected with interval propagation's, so none is looser than IBP.
/// A bound that is not finite is refused (`BoundsError.noFiniteBound`), never printed.
public struct OutputBounds: Sendable {
    public let model: ImplicitModel
    public let method: BoundsMethod
    let intervals: IntervalPropagation

    /// - Throws: `BoundsError.unsupportedModel` for a model the method cannot bound.
    public init(model: ImplicitModel, method: BoundsMethod = .auto,
                options: IntervalBoundOptions = IntervalBoundOptions()) throws {
        self.model = model
        self.method = method
        intervals = IntervalPropagation(model: model, options: options)
    }

    /// State bounds of every box (shared by every readout of the same boxes).
    public func stateBounds(_ inputs: InputSet) throws -> StateBounds {
        try intervals.stateBounds(inputs)
    }

    /// Bounds on `readout` over every box, from the boxes' state bounds.
    /// - Throws: `BoundsError.noFiniteBound` naming the first unbounded row and output.
    public func bounds(of readout: AffineReadout, states: StateBounds, inputs: InputSet) throws -> IntervalBatch {
        let result = try intervals.readoutBounds(readout, states: states, inputs: inputs)
        try requireFinite(result, states: states)
        return result
    }

    /// Bounds on the raw outputs over every box.
    public func outputReport(_ inputs: InputSet) throws -> OutputBoundsReport {
        let states = try stateBounds(inputs)
        let result = try bounds(of: AffineReadout(model: model), states: states, inputs: inputs)
        return OutputBoundsReport(method: method, bounds: result, unconvergedComponents: states.unconvergedComponents)
    }

    /// Refuses a bound that is not finite, naming the first row and output, and the first state
    /// block with unbounded states (a cyclic component that is not an ∞-norm contraction).
    func requireFinite(_ bounds: IntervalBatch, states: StateBounds) throws {
        guard !bounds.isFinite else { return }
        for j in 0..<bounds.count {
            for i in 0..<bounds.rows where !bounds.lower[i, j].isFinite || !bounds.upper[i, j].isFinite {
                var why = "output \(i) of row \(j) is unbounded"
                let offsets = model.stateOffsets
                if let k = model.states.indices.first(where: { k in
                    (offsets[k]..<(offsets[k] + model.states[k].size)).contains {
                        !states.state.lower[$0, j].isFinite || !states.state.upper[$0, j].isFinite
                    }
                }) {
                    why += ": the interval iteration leaves the states of block '\(model.states[k].name)' unbounded (its cyclic component is not an ∞-norm contraction)"
                }
                throw BoundsError.noFiniteBound(why: why)
            }
        }
    }
}
