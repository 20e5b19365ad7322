import ImplicitModel

extension ProtobufModelWriter {
    /// The shared `activation` message of a block map: `SOFTMAX`, or `LAYER_NORMALIZATION` with
    /// epsilon, scale and bias.
    func blockMapActivation(_ map: StateMap) -> Implicit_V1_Activation {
        var message = Implicit_V1_Activation()
        switch map {
        case .layerNormalization(let norm):
            message.kind = .layerNormalization
            message.epsilon = norm.epsilon
            message.scale = norm.scale
            message.bias = norm.bias
        case .softmax, .elementwise, .perState:
            message.kind = .softmax
        }
        return message
    }
}
