import Foundation

/// An elementwise activation φ applied to one state.
///
/// Names as in our files and NumPy's `activation` array: `relu`, `leaky_relu:0.01`, `tanh`,
/// `sigmoid`, `identity`.
public enum Activation: Sendable, Hashable {
    case relu
    /// max(z, αz) for 0 ≤ α: slope α below zero, 1 above.
    case leakyReLU(alpha: Double)
    case tanh
    case sigmoid
    case identity

    /// The slope `leaky_relu` has when a file gives none (PyTorch's and ONNX's default).
    public static let defaultLeakySlope = 0.01

    /// Parses a file name of an activation, e.g. `leaky_relu:0.1`.
    /// - Returns: nil for an unknown name or an unparsable or non-finite slope.
    public init?(name: String) {
        let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
        switch parts.first?.lowercased() {
        case "relu": self = .relu
        case "tanh": self = .tanh
        case "sigmoid", "logistic": self = .sigmoid
        case "identity", "linear", "none": self = .identity
        case "leaky_relu", "leakyrelu":
            if parts.count == 1 { self = .leakyReLU(alpha: Activation.defaultLeakySlope); return }
            guard let alpha = Double(parts[1]), alpha.isFinite else { return nil }
            self = .leakyReLU(alpha: alpha)
        default: return nil
        }
        if parts.count > 1, case .leakyReLU = self {} else if parts.count > 1 { return nil }
    }

    /// The name written to files; round-trips through `init(name:)` exactly.
    public var name: String {
        switch self {
        case .relu: return "relu"
        case .leakyReLU(let alpha): return "leaky_relu:\(alpha)"
        case .tanh: return "tanh"
        case .sigmoid: return "sigmoid"
        case .identity: return "identity"
        }
    }

    /// All names accepted, for error messages.
    public static let acceptedNames = "relu, leaky_relu[:alpha], tanh, sigmoid, identity"

    @inlinable
    public func callAsFunction(_ z: Double) -> Double {
        switch self {
        case .relu: return z > 0 ? z : 0
        case .leakyReLU(let alpha): return z > 0 ? z : alpha * z
        case .tanh: return Foundation.tanh(z)
        case .sigmoid: return 1 / (1 + exp(-z))
        case .identity: return z
        }
    }

    /// φ'(z), with the right-hand value at kinks (a valid generalized derivative).
    @inlinable
    public func derivative(_ z: Double) -> Double {
        switch self {
        case .relu: return z > 0 ? 1 : 0
        case .leakyReLU(let alpha): return z > 0 ? 1 : alpha
        case .tanh: let t = Foundation.tanh(z); return 1 - t * t
        case .sigmoid: let s = 1 / (1 + exp(-z)); return s * (1 - s)
        case .identity: return 1
        }
    }

    /// The Lipschitz constant: sup |φ'|.
    public var lipschitzConstant: Double {
        switch self {
        case .relu, .tanh, .identity: return 1
        case .leakyReLU(let alpha): return Swift.max(1, Swift.abs(alpha))
        case .sigmoid: return 0.25
        }
    }

    /// The range [lo, hi] of φ' (for leaky ReLU with α > 1 the slopes are [1, α]).
    public var slopeRange: ClosedRange<Double> {
        switch self {
        case .relu: return 0...1
        case .leakyReLU(let alpha): return Swift.min(alpha, 1)...Swift.max(alpha, 1)
        case .tanh: return 0...1
        case .sigmoid: return 0...0.25
        case .identity: return 1...1
        }
    }

    /// True for activations made of linear pieces (relu, leaky relu, identity), which the
    /// active-set solver handles exactly.
    public var isPiecewiseLinear: Bool {
        switch self {
        case .relu, .leakyReLU, .identity: return true
        case .tanh, .sigmoid: return false
        }
    }

    /// φ(0): the value of a state whose pre-activation is identically zero.
    public var valueAtZero: Double { self(0) }

    /// Applies φ to every element of `buffer` in place.
    public func apply(_ buffer: inout [Double]) {
        switch self {
        case .identity: return
        case .relu: for i in buffer.indices where !(buffer[i] > 0) { buffer[i] = buffer[i].isNaN ? .nan : 0 }
        default: for i in buffer.indices { buffer[i] = self(buffer[i]) }
        }
    }

    /// Applies φ to float32 values in place (the float32 prediction paths); smooth activations
    /// are evaluated in float64 and rounded.
    public func apply(toFloat32 z: UnsafeMutableBufferPointer<Float>) {
        switch self {
        case .identity: return
        // max(NaN, 0) is NaN in Swift, as the float64 path keeps it.
        case .relu: for i in z.indices { z[i] = Swift.max(z[i], 0) }
        case .leakyReLU(let alpha):
            let a = Float(alpha)
            for i in z.indices where z[i] <= 0 { z[i] *= a }
        default: for i in z.indices { z[i] = Float(self(Double(z[i]))) }
        }
    }
}

extension Activation: CustomStringConvertible {
    public var description: String { name }
}
