import Foundation
import ImplicitModel

/// An activation with the Fenchel divergence the training relaxation needs (the paper's §4.1).
///
/// φ = ∇Φ for a convex potential Φ, and the divergence of a state x against a pre-activation z is
///
///     F(x, z) = Φ*(x) + Φ(z) − x z  ≥ 0,   with F(x, z) = 0 exactly when x = φ(z),
///
/// biconvex in (x, z). ReLU: Φ(z) = ½ max(0, z)², Φ*(x) = ½ x² on x ≥ 0 (equation (7)).
/// tanh: Φ(z) = log cosh z, Φ*(x) = ½[(1 + x) log(1 + x) + (1 − x) log(1 − x)] on |x| < 1
/// (equation (8)). Other activations are refused: `Activation` grows cases that have no
/// divergence here, so they are matched explicitly rather than by an exhaustive switch.
public enum RelaxedActivation: String, Sendable, Codable {
    case relu, tanh

    /// The relaxation of `activation`.
    /// - Throws: `TrainingError.unsupportedActivation` for anything but ReLU and tanh.
    public init(_ activation: Activation) throws(TrainingError) {
        if activation == .relu {
            self = .relu
        } else if activation == .tanh {
            self = .tanh
        } else {
            throw TrainingError.unsupportedActivation(activation.name)
        }
    }

    /// The activation a trained model carries.
    public var activation: Activation { self == .relu ? .relu : .tanh }

    /// How far inside (−1, 1) a tanh state is kept: its conjugate Φ* has slope atanh(x), which
    /// is ±18.7 at this margin, so Newton steps stay finite.
    public static let tanhBoundaryMargin = 1e-8

    /// φ(z).
    @inlinable public func value(_ z: Double) -> Double {
        self == .relu ? Swift.max(0, z) : Foundation.tanh(z)
    }

    /// φ'(z) = Φ''(z) (the right derivative at the ReLU kink).
    @inlinable public func slope(_ z: Double) -> Double {
        if self == .relu { return z > 0 ? 1 : 0 }
        let t = Foundation.tanh(z)
        return 1 - t * t
    }

    /// Φ(z), the potential whose gradient is φ.
    @inlinable public func potential(_ z: Double) -> Double {
        if self == .relu { return z > 0 ? 0.5 * z * z : 0 }
        // log cosh z = |z| + log(1 + e^{−2|z|}) − log 2, without overflow.
        let a = Swift.abs(z)
        return a + Foundation.log1p(Foundation.exp(-2 * a)) - M_LN2
    }

    /// Φ*(x), +∞ outside the domain (x < 0 for ReLU, |x| ≥ 1 for tanh).
    @inlinable public func conjugate(_ x: Double) -> Double {
        if self == .relu { return x >= 0 ? 0.5 * x * x : .infinity }
        guard Swift.abs(x) < 1 else { return .infinity }
        return 0.5 * ((1 + x) * Foundation.log1p(x) + (1 - x) * Foundation.log1p(-x))
    }

    /// (Φ*)'(x) = φ⁻¹(x) on the domain's interior.
    @inlinable public func conjugateSlope(_ x: Double) -> Double {
        self == .relu ? x : Foundation.atanh(x)
    }

    /// (Φ*)''(x): 1 for ReLU, 1/(1 − x²) for tanh.
    @inlinable public func conjugateCurvature(_ x: Double) -> Double {
        self == .relu ? 1 : 1 / (1 - x * x)
    }

    /// F(x, z) = Φ*(x) + Φ(z) − x z.
    @inlinable public func divergence(_ x: Double, _ z: Double) -> Double {
        conjugate(x) + potential(z) - x * z
    }

    /// The nearest point of the domain of Φ* where Newton and active-set steps may start.
    @inlinable public func clampedIntoDomain(_ x: Double) -> Double {
        if self == .relu { return Swift.max(0, x) }
        let bound = 1 - RelaxedActivation.tanhBoundaryMargin
        return Swift.min(bound, Swift.max(-bound, x))
    }
}
