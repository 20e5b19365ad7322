import ImplicitModel

extension ProtobufModelReader {
    /// The block map a shared `activation` names, or nil when it names an elementwise activation.
    /// - Throws: `FormatError` for a layer normalisation whose epsilon, scale or bias does not fit
    ///   a block of `size` units.
    func blockMap(_ message: Implicit_V1_Activation, size: Int, path: String) throws -> StateMap? {
        switch message.kind {
        case .softmax:
            return .softmax
        case .layerNormalization:
            guard message.epsilon > 0, message.epsilon.isFinite else {
                throw error(path + ".epsilon", "must be finite and > 0, found \(message.epsilon)")
            }
            guard message.scale.count == size else { throw error(path + ".scale", "has \(message.scale.count) entries for \(size) units") }
            guard message.bias.count == size else { throw error(path + ".bias", "has \(message.bias.count) entries for \(size) units") }
            guard (message.scale + message.bias).allSatisfy(\.isFinite) else { throw error(path, "scale and bias must be finite") }
            return .layerNormalization(LayerNormalization(epsilon: message.epsilon, scale: message.scale, bias: message.bias))
        default:
            return nil
        }
    }
}
