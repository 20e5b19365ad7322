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

    /// An enclosure of LN(z) for every z in the box [lower, upper] (one sample):
    ///
    /// cᵢ = zᵢ − mean z is affine, so cᵢ ∈ [(1 − 1/n)lᵢ − (1/n)Σ_{j≠i} uⱼ, (1 − 1/n)uᵢ − (1/n)Σ_{j≠i} lⱼ];
    /// var z = (1/n)Σ cⱼ² lies between (1/n)Σ min cⱼ² (0 where the interval holds 0) and
    /// (1/n)Σ max cⱼ² (the box of the cⱼ contains the true c, so both ends are sound however the
    /// cⱼ are coupled); s = √(var + ε) then lies in [s₋, s₊] and cᵢ/s in the interval quotient,
    /// intersected with the range |cᵢ/s| < √(n − 1); xᵢ = γᵢ · that + βᵢ. Every end is widened by
    /// (16n + 64) ulps of its magnitude for the rounding of the sums, and the result is never
    /// wider than the input-free range βᵢ ± |γᵢ|√(n − 1).
    public func intervalImage(lower: [Double], upper: [Double]) -> (lower: [Double], upper: [Double]) {
        let count = lower.count
        let n = Double(count)
        guard count == size, count > 0 else { return (lower, upper) }
        let sumL = lower.reduce(0, +), sumU = upper.reduce(0, +)
        let slack = Double(16 * count + 64) * Double.ulpOfOne
        var cLo = [Double](repeating: 0, count: count), cHi = cLo
        var squaresLo = 0.0, squaresHi = 0.0
        for i in 0..<count {
            let a = (1 - 1 / n) * lower[i] - (sumU - upper[i]) / n
            let b = (1 - 1 / n) * upper[i] - (sumL - lower[i]) / n
            let pad = slack * (Swift.abs(a) + Swift.abs(b) + (Swift.abs(sumL) + Swift.abs(sumU)) / n)
            cLo[i] = a - pad
            cHi[i] = b + pad
            squaresLo += cLo[i] > 0 ? cLo[i] * cLo[i] : (cHi[i] < 0 ? cHi[i] * cHi[i] : 0)
            squaresHi += Swift.max(cLo[i] * cLo[i], cHi[i] * cHi[i])
        }
        let sLo = ((squaresLo / n) * (1 - slack) + epsilon).squareRoot() * (1 - slack)
        let sHi = ((squaresHi / n) * (1 + slack) + epsilon).squareRoot() * (1 + slack)
        let limit = Double(count - 1).squareRoot()
        var lo = [Double](repeating: 0, count: count), hi = lo
        for i in 0..<count {
            let quotients = [cLo[i] / sLo, cLo[i] / sHi, cHi[i] / sLo, cHi[i] / sHi]
            var qLo = Swift.max(-limit, quotients.min() ?? -limit), qHi = Swift.min(limit, quotients.max() ?? limit)
            qLo -= slack * Swift.abs(qLo); qHi += slack * Swift.abs(qHi)
            let ends = [scale[i] * qLo, scale[i] * qHi]
            let radius = rangeRadius(ofUnit: i)
            let pad = slack * (Swift.abs(bias[i]) + radius)
            lo[i] = Swift.max(bias[i] - radius - pad, (ends.min() ?? 0) + bias[i] - pad)
            hi[i] = Swift.min(bias[i] + radius + pad, (ends.max() ?? 0) + bias[i] + pad)
        }
        return (lo, hi)
    }

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
