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
    let relaxation: LinearRelaxationBounds?

    /// - Throws: `BoundsError.unsupportedModel` for a model the method cannot bound (crown on a
    ///   model with a cyclic component).
    public init(model: ImplicitModel, method: BoundsMethod = .auto,
                options: IntervalBoundOptions = IntervalBoundOptions()) throws {
        self.model = model
        self.method = method
        var intervals = IntervalPropagation(model: model, options: options)
        let cyclic = !BlockStructure(model).isAcyclic
        switch method {
        case .crown: relaxation = try LinearRelaxationBounds(model: model)
        case .auto:
            relaxation = try? LinearRelaxationBounds(model: model)
            if cyclic { intervals.embedding = .whenContractive }
        case .ibp: relaxation = nil
        case .embedding:
            relaxation = nil
            intervals.embedding = .required
        }
        self.intervals = intervals
        appliedMethods = [.ibp] + (relaxation == nil ? [] : [.crown]) + (cyclic && intervals.embedding != .never ? [.embedding] : [])
    }

    /// The methods whose bounds are intersected, in the order applied.
    public let appliedMethods: [BoundsMethod]

    /// State bounds of every box (shared by every readout of the same boxes).
    public func stateBounds(_ inputs: InputSet) throws -> StateBounds {
        let bounds = try intervals.stateBounds(inputs)
        return relaxation?.stateBounds(inputs, intervals: bounds) ?? bounds
    }

    /// Bounds on `readout` over every box, from the boxes' state bounds.
    /// - Throws: `BoundsError.noFiniteBound` naming the first unbounded row and output.
    public func bounds(of readout: AffineReadout, states: StateBounds, inputs: InputSet) throws -> IntervalBatch {
        var result = try intervals.readoutBounds(readout, states: states, inputs: inputs)
        if let relaxation {
            result = result.intersected(with: relaxation.readoutBounds(readout, states: states, inputs: inputs))
        }
        try requireFinite(result, states: states)
        return result
    }

    /// Bounds on the raw outputs over every box.
    public func outputReport(_ inputs: InputSet) throws -> OutputBoundsReport {
        let states = try stateBounds(inputs)
        let result = try bounds(of: AffineReadout(model: model), states: states, inputs: inputs)
        return OutputBoundsReport(method: method, applied: appliedMethods, bounds: result, unconvergedComponents: states.unconvergedComponents)
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
