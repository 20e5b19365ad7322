import Foundation

/// The names of activations in our files: YAML and protobuf `activation` fields and NumPy's
/// `activation` array. `name` and `init(name:)` round-trip exactly.
extension Activation {
    /// Parses a file name of an activation, e.g. `leaky_relu:0.1`, `clip:0,6`, `hardsigmoid:0.2,0.5`.
    /// - Returns: nil for an unknown name, a wrong number of parameters, or a parameter that is
    ///   unparsable, non-finite where a finite one is needed, or out of the activation's domain.
    public init?(name: String) {
        let parts = name.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let key = parts[0].lowercased()
        var parameters: [Double] = []
        if parts.count == 2 {
            let fields = parts[1].split(separator: ",", omittingEmptySubsequences: false)
            for field in fields {
                guard let value = Double(field.trimmingCharacters(in: .whitespaces)), !value.isNaN else { return nil }
                parameters.append(value)
            }
        }
        // Only clip's bounds may be infinite.
        guard key == "clip" || parameters.allSatisfy(\.isFinite) else { return nil }
        switch (key, parameters.count) {
        case ("relu", 0): self = .relu
        case ("tanh", 0): self = .tanh
        case ("sigmoid", 0), ("logistic", 0): self = .sigmoid
        case ("identity", 0), ("linear", 0), ("none", 0): self = .identity
        case ("leaky_relu", 0), ("leakyrelu", 0), ("prelu", 0): self = .leakyReLU(alpha: Activation.defaultLeakySlope)
        case ("leaky_relu", 1), ("leakyrelu", 1), ("prelu", 1): self = .leakyReLU(alpha: parameters[0])
        case ("gelu", 0): self = .gelu
        case ("gelu_tanh", 0): self = .geluTanh
        case ("silu", 0), ("swish", 0): self = .silu
        case ("swish", 1) where parameters[0] > 0: self = .swish(beta: parameters[0])
        case ("hardsigmoid", 0), ("hard_sigmoid", 0):
            self = .hardSigmoid(alpha: Activation.defaultHardSigmoid.alpha, beta: Activation.defaultHardSigmoid.beta)
        case ("hardsigmoid", 2), ("hard_sigmoid", 2): self = .hardSigmoid(alpha: parameters[0], beta: parameters[1])
        case ("hardswish", 0), ("hard_swish", 0): self = .hardSwish
        case ("elu", 0): self = .elu(alpha: Activation.defaultELUAlpha)
        case ("elu", 1): self = .elu(alpha: parameters[0])
        case ("selu", 0): self = .selu
        case ("celu", 0): self = .celu(alpha: Activation.defaultELUAlpha)
        case ("celu", 1) where parameters[0] > 0: self = .celu(alpha: parameters[0])
        case ("softplus", 0): self = .softplus
        case ("softsign", 0): self = .softsign
        case ("clip", 2) where parameters[0] <= parameters[1] && parameters[0] < .infinity && parameters[1] > -.infinity:
            self = .clip(lower: parameters[0], upper: parameters[1])
        case ("thresholded_relu", 0), ("thresholdedrelu", 0): self = .thresholdedReLU(alpha: Activation.defaultThresholdAlpha)
        case ("thresholded_relu", 1), ("thresholdedrelu", 1): self = .thresholdedReLU(alpha: parameters[0])
        case ("mish", 0): self = .mish
        default: return nil
        }
    }

    /// The name written to files; round-trips through `init(name:)` exactly (parameters are
    /// written as Swift's shortest round-tripping decimal).
    public var name: String {
        switch self {
        case .relu: return "relu"
        case .leakyReLU(let alpha): return "leaky_relu:\(alpha)"
        case .tanh: return "tanh"
        case .sigmoid: return "sigmoid"
        case .identity: return "identity"
        case .gelu: return "gelu"
        case .geluTanh: return "gelu_tanh"
        case .silu: return "silu"
        case .swish(let beta): return "swish:\(beta)"
        case .hardSigmoid(let alpha, let beta): return "hardsigmoid:\(alpha),\(beta)"
        case .hardSwish: return "hardswish"
        case .elu(let alpha): return "elu:\(alpha)"
        case .selu: return "selu"
        case .celu(let alpha): return "celu:\(alpha)"
        case .softplus: return "softplus"
        case .softsign: return "softsign"
        case .clip(let lower, let upper): return "clip:\(lower),\(upper)"
        case .thresholdedReLU(let alpha): return "thresholded_relu:\(alpha)"
        case .mish: return "mish"
        }
    }

    /// All names accepted, for error messages.
    public static let acceptedNames = "relu, leaky_relu[:alpha], tanh, sigmoid, identity, gelu, gelu_tanh, silu, swish:beta, hardsigmoid[:alpha,beta], hardswish, elu[:alpha], selu, celu[:alpha], softplus, softsign, clip:lo,hi, thresholded_relu[:alpha], mish"
}
