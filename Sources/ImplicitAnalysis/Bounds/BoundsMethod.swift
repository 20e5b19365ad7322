/// How output bounds are computed.
public enum BoundsMethod: String, Sendable, Codable, CaseIterable {
    /// The tightest method available for the model, intersected with interval propagation.
    case auto
    /// Interval bound propagation (`IntervalPropagation`).
    case ibp
}
