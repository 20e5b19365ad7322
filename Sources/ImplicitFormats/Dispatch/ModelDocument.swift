import ImplicitModel

/// What a model file holds: a feedforward `Network` or an `ImplicitModel`.
public enum ModelDocument: Sendable {
    case network(Network)
    case implicit(ImplicitModel)

    /// The implicit form: networks are assembled (exact, block-sparse), implicit models returned.
    public func implicitModel() throws -> ImplicitModel {
        switch self {
        case .network(let network): return try ImplicitModel(assembling: network)
        case .implicit(let model): return model
        }
    }
}
