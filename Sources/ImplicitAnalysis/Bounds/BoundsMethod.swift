/// How output bounds are computed.
public enum BoundsMethod: String, Sendable, Codable, CaseIterable {
    /// The tightest method available for the model: CROWN when it is feedforward, IBP and the embedding
    /// (where contractive) on cyclic components,
    /// intersected with interval propagation.
    case auto
    /// Interval bound propagation (`IntervalPropagation`).
    case ibp
    /// Backward linear relaxation (`LinearRelaxationBounds`, CROWN) for feedforward models,
    /// intersected with IBP.
    case crown
    /// The mixed-monotone contractive embedding (`MixedMonotoneEmbedding`) on every cyclic
    /// component, intersected with IBP; refused where the embedded system is not a contraction.
    case embedding
}
