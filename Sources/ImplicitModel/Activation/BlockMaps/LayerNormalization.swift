import Foundation

/// Layer normalisation of a whole state block (ONNX `LayerNormalization` over the last axis,
/// PyTorch `nn.LayerNorm(n)`):
///
///     μ = (1/n) Σⱼ zⱼ,   σ² = (1/n) Σⱼ (zⱼ − μ)²,   xᵢ = γᵢ (zᵢ − μ) / √(σ² + ε) + βᵢ.
///
/// Computed in float64 whatever the file's `stash_type` (float32 statistics differ by a few ulps
/// of float32, well inside the interop tolerance).
///
/// **Lipschitz bound, ℓ2.** Write c = Pz with P = I − 11ᵀ/n, s = √(σ² + ε) and w = c/s. Then
/// ∂s/∂z = cᵀ/(n s) (as Pc = c) and ∂w/∂z = (P − wwᵀ/n)/s. w ⟂ 1 and ‖w‖² = nσ²/(σ² + ε) < n,
/// so P − wwᵀ/n has eigenvalue 0 on 1, ε/(σ² + ε) on w and 1 on the rest: its ℓ2 norm is at most
/// 1. With J = diag(γ) ∂w/∂z, ‖J‖₂ ≤ ‖γ‖∞ / s ≤ ‖γ‖∞ / √ε for every z, and since the map is C¹
/// on the convex ℝⁿ the mean-value inequality makes ‖γ‖∞ / √ε a Lipschitz constant in ℓ2. It is
/// attained as σ → 0 with uniform γ (J → γP/√ε), so it is tight: with ε = 1e-5 it is about
/// 316‖γ‖∞, and a LayerNorm inside a cycle is rarely certified contractive.
///
/// **ℓ∞.** ‖J‖∞ ≤ √n ‖J‖₂ for an n × n matrix, so √n ‖γ‖∞ / √ε.
///
/// **Range.** Σⱼ cⱼ = 0 and Σⱼ cⱼ² = nσ² give cᵢ² ≤ (n − 1)σ² (Cauchy–Schwarz on the other
/// n − 1 entries), so |xᵢ − βᵢ| ≤ |γᵢ| √(n − 1) σ / √(σ² + ε) < |γᵢ| √(n − 1) for every z.
public struct LayerNormalization: Sendable, Hashable {
    /// ε > 0, added to the variance (ONNX and PyTorch default 1e-5).
    public var epsilon: Double
    /// γ, one per unit.
    public var scale: [Double]
    /// β, one per unit.
    public var bias: [Double]

    /// The ε ONNX and PyTorch use when none is given.
    public static let defaultEpsilon = 1e-5

    public init(epsilon: Double = LayerNormalization.defaultEpsilon, scale: [Double], bias: [Double]) {
        self.epsilon = epsilon
        self.scale = scale
        self.bias = bias
    }

    /// The plain normalisation of `size` units: γ = 1, β = 0.
    public init(size: Int, epsilon: Double = LayerNormalization.defaultEpsilon) {
        self.init(epsilon: epsilon, scale: [Double](repeating: 1, count: size), bias: [Double](repeating: 0, count: size))
    }

    /// The number of units (γ's length).
    public var size: Int { scale.count }

    /// Lipschitz constant in ℓ2: ‖γ‖∞ / √ε (see the type's comment for the derivation).
    public var lipschitzConstant2: Double { (scale.map(Swift.abs).max() ?? 0) / epsilon.squareRoot() }

    /// Lipschitz constant in ℓ∞: √n ‖γ‖∞ / √ε.
    public var lipschitzConstantInf: Double { Double(size).squareRoot() * lipschitzConstant2 }

    /// |xᵢ − βᵢ| < |γᵢ| √(n − 1) for every input: the half-width of unit i's range.
    public func rangeRadius(ofUnit i: Int) -> Double { Swift.abs(scale[i]) * Double(Swift.max(0, size - 1)).squareRoot() }

    /// x = LN(z) for one sample, in place (`z.count == size`). A NaN anywhere gives NaN everywhere.
    public func apply(_ z: UnsafeMutableBufferPointer<Double>) {
        let n = Double(z.count)
        guard z.count > 0 else { return }
        var mean = 0.0
        for v in z { mean += v }
        mean /= n
        var variance = 0.0
        for v in z { variance += (v - mean) * (v - mean) }
        variance /= n
        let inverse = 1 / (variance + epsilon).squareRoot()
        for i in z.indices { z[i] = scale[i] * (z[i] - mean) * inverse + bias[i] }
    }

    /// J = ∂x/∂z at z (n × n, row-major `J[i * n + j]`): γᵢ (δᵢⱼ − 1/n − wᵢwⱼ/n) / s.
    public func jacobian(at z: [Double]) -> [Double] {
        let count = z.count
        let n = Double(count)
        let mean = z.reduce(0, +) / n
        let variance = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let s = (variance + epsilon).squareRoot()
        let w = z.map { ($0 - mean) / s }
        var jacobian = [Double](repeating: 0, count: count * count)
        for i in 0..<count {
            for j in 0..<count {
                let delta = i == j ? 1.0 : 0.0
                jacobian[i * count + j] = scale[i] * (delta - 1 / n - w[i] * w[j] / n) / s
            }
        }
        return jacobian
    }
}
