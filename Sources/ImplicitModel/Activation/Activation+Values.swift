import Foundation

/// φ(z) and φ'(z), and φ applied to buffers of states.
extension Activation {
    @inlinable
    static func logistic(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    /// log(1 + eᶻ) without overflow for large z or loss of precision for very negative z.
    @inlinable
    static func softplusValue(_ z: Double) -> Double { z > 0 ? z + log1p(exp(-z)) : log1p(exp(z)) }

    /// u = √(2/π)(z + 0.044715 z³), the argument of tanh in GELU's tanh approximation.
    @inlinable
    static func geluTanhArgument(_ z: Double) -> Double { geluTanhScale * (z + geluTanhCubic * z * z * z) }

    /// φ(z). A NaN pre-activation gives NaN for every activation, as `apply` keeps it, so
    /// that an overflow reaches the verification of a state instead of reading as 0.
    @inlinable
    public func callAsFunction(_ z: Double) -> Double {
        switch self {
        case .relu: return z > 0 || z.isNaN ? z : 0
        case .leakyReLU(let alpha): return z > 0 ? z : alpha * z
        case .tanh: return Foundation.tanh(z)
        case .sigmoid: return Self.logistic(z)
        case .identity: return z
        // Φ(z) = ½ erfc(−z/√2) and ½(1 + tanh u) = σ(2u): both forms keep full relative
        // precision in the negative tail, where 1 + erf and 1 + tanh cancel.
        case .gelu: return 0.5 * z * erfc(-z / 2.0.squareRoot())
        case .geluTanh: return z * Self.logistic(2 * Self.geluTanhArgument(z))
        case .silu: return z * Self.logistic(z)
        case .swish(let beta): return z * Self.logistic(beta * z)
        case .hardSigmoid(let alpha, let beta): return z.isNaN ? z : Swift.max(0, Swift.min(1, alpha * z + beta))
        case .hardSwish: return z * Swift.max(0, Swift.min(1, z / 6 + 0.5))
        case .elu(let alpha): return z > 0 ? z : alpha * expm1(z)
        case .selu: return Self.seluScale * (z > 0 ? z : Self.seluAlpha * expm1(z))
        case .celu(let alpha): return z.isNaN ? z : Swift.max(0, z) + Swift.min(0, alpha * expm1(z / alpha))
        case .softplus: return Self.softplusValue(z)
        case .softsign: return z / (1 + Swift.abs(z))
        case .clip(let lower, let upper): return z.isNaN ? z : Swift.min(Swift.max(z, lower), upper)
        case .thresholdedReLU(let alpha): return z > alpha ? z : (z.isNaN ? z : 0)
        case .mish: return z * Foundation.tanh(Self.softplusValue(z))
        }
    }

    /// φ'(z), with the right-hand value at kinks (a valid generalized derivative).
    @inlinable
    public func derivative(_ z: Double) -> Double {
        switch self {
        case .relu: return z > 0 ? 1 : 0
        case .leakyReLU(let alpha): return z > 0 ? 1 : alpha
        case .tanh: let t = Foundation.tanh(z); return 1 - t * t
        case .sigmoid: let s = Self.logistic(z); return s * (1 - s)
        case .identity: return 1
        case .gelu:
            return 0.5 * erfc(-z / 2.0.squareRoot()) + z * exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
        case .geluTanh:
            // d/dz z·σ(2u) = σ(2u) + 2z·σ(2u)(1 − σ(2u))·u'.
            let s = Self.logistic(2 * Self.geluTanhArgument(z))
            return s + 2 * z * s * (1 - s) * Self.geluTanhScale * (1 + 3 * Self.geluTanhCubic * z * z)
        case .silu: let s = Self.logistic(z); return s * (1 + z * (1 - s))
        case .swish(let beta): let s = Self.logistic(beta * z); return s * (1 + beta * z * (1 - s))
        case .hardSigmoid(let alpha, let beta):
            let t = alpha * z + beta
            return t >= 0 && t < 1 ? alpha : 0
        case .hardSwish: return z < -3 ? 0 : (z >= 3 ? 1 : (2 * z + 3) / 6)
        case .elu(let alpha): return z > 0 ? 1 : alpha * exp(z)
        case .selu: return Self.seluScale * (z > 0 ? 1 : Self.seluAlpha * exp(z))
        case .celu(let alpha): return z > 0 ? 1 : exp(z / alpha)
        case .softplus: return Self.logistic(z)
        case .softsign: let d = 1 + Swift.abs(z); return 1 / (d * d)
        case .clip(let lower, let upper): return z >= lower && z < upper ? 1 : 0
        case .thresholdedReLU(let alpha): return z > alpha ? 1 : 0
        case .mish:
            let t = Foundation.tanh(Self.softplusValue(z))
            return t + z * (1 - t * t) * Self.logistic(z)
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

    /// Applies φ to float32 values in place (the float32 prediction paths); activations other
    /// than ReLU and leaky ReLU are evaluated in float64 and rounded.
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
