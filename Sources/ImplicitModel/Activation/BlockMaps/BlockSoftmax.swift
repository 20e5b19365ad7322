import Foundation

/// The softmax of a whole state block (ONNX `Softmax` over the feature axis, PyTorch
/// `nn.Softmax(dim=-1)`): xᵢ = exp(zᵢ − max z) / Σⱼ exp(zⱼ − max z).
///
/// **Lipschitz bound.** J = diag(s) − ssᵀ with s = softmax(z). Row i of |J| sums to
/// sᵢ(1 − sᵢ) + sᵢ Σ_{j≠i} sⱼ = 2sᵢ(1 − sᵢ) ≤ ½, so ‖J‖∞ ≤ ½; J is symmetric, so
/// ‖J‖₂ ≤ √(‖J‖₁‖J‖∞) = ‖J‖∞ ≤ ½. The map is C¹ on the convex ℝⁿ, so ½ is a Lipschitz constant
/// in ℓ∞ and in ℓ2 (mean-value inequality).
///
/// **Range and monotonicity.** Every xᵢ lies in (0, 1); xᵢ increases with zᵢ and decreases with
/// every other zⱼ, so over a box [l, u] xᵢ ∈ [e^{lᵢ} / (e^{lᵢ} + Σ_{j≠i} e^{uⱼ}), e^{uᵢ} / (e^{uᵢ} + Σ_{j≠i} e^{lⱼ})].
public enum BlockSoftmax {
    /// Lipschitz constant in ℓ∞ and in ℓ2.
    public static let lipschitzConstant = 0.5
    /// `range` widens each end by max(1e-12, (4n + 16) ulp) for a block of n units: the
    /// exponentials round by an ulp each and a sum of n of them, and its difference with one
    /// term, by at most about 2n ulps relative, on values at most 1.
    public static func rangeRoundingMargin(units n: Int) -> Double {
        Swift.max(1e-12, Double(4 * n + 16) * Double.ulpOfOne)
    }

    /// x = softmax(z) for one sample, in place. A NaN anywhere gives NaN everywhere.
    public static func apply(_ z: UnsafeMutableBufferPointer<Double>) {
        guard !z.isEmpty else { return }
        var top = -Double.infinity
        for v in z { if v.isNaN { top = .nan; break }; top = Swift.max(top, v) }
        var sum = 0.0
        for i in z.indices { z[i] = exp(z[i] - top); sum += z[i] }
        for i in z.indices { z[i] /= sum }
    }

    /// J = diag(s) − ssᵀ at z (row-major).
    public static func jacobian(at z: [Double]) -> [Double] {
        var s = z
        s.withUnsafeMutableBufferPointer { apply($0) }
        let n = s.count
        var jacobian = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { jacobian[i * n + j] = (i == j ? s[i] : 0) - s[i] * s[j] } }
        return jacobian
    }

    /// The interval image of the box [lower, upper] (per unit): sound by the monotonicity above,
    /// computed relative to the largest upper end so that no exponential overflows.
    public static func range(lower: [Double], upper: [Double]) -> (lower: [Double], upper: [Double]) {
        let shift = upper.max() ?? 0
        let el = lower.map { exp($0 - shift) }, eu = upper.map { exp($0 - shift) }
        let sumL = el.reduce(0, +), sumU = eu.reduce(0, +)
        let margin = rangeRoundingMargin(units: lower.count)
        var lo = [Double](repeating: 0, count: lower.count), hi = lo
        for i in lower.indices {
            let othersU = Swift.max(0, sumU - eu[i]), othersL = Swift.max(0, sumL - el[i])
            lo[i] = Swift.max(0, (el[i] + othersU > 0 ? el[i] / (el[i] + othersU) : 0) - margin)
            hi[i] = Swift.min(1, (eu[i] + othersL > 0 ? eu[i] / (eu[i] + othersL) : 1) + margin)
        }
        return (lo, hi)
    }
}
