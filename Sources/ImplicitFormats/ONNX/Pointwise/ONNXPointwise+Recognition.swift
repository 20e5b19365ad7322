import ImplicitModel

/// Which activation a pending elementwise function is: f(z) = s · φ(a·z) for an entry φ of
/// the activation table, checked by evaluation.
///
/// The candidates are the smooth activations exporters decompose (GELU erf and tanh, SiLU,
/// Swish, Mish, Softsign, Softplus, and Sigmoid/Tanh themselves), with a = 1 or a scale β
/// that appears as a leaf β·z of f (Swish `x·Sigmoid(βx)`, PyTorch's `Softplus(βx)/β`), and
/// s = 1 or 1/a. f matches when |f(z) − s·φ(a z)| ≤ `tolerance`·(1 + |s·φ(a z)|) at every
/// sample point: a fixed grid over [−64, 64] dense near 0, plus points on both sides of every
/// switch of a `Where`, so a branch that differs from φ on any side of a threshold is seen.
/// A function whose comparisons are not between affine pieces is never recognised.
extension ONNXPointwise {
    struct Recognition: Equatable {
        var activation: Activation
        /// a: the layer's pre-activation is a·z.
        var inner: Double
        /// s: the tensor is s·φ(a z).
        var outer: Double
    }

    /// Mixed absolute/relative agreement required. Exporters write their constants in float32
    /// (√2, 1/√2, √(2/π), 0.044715 are off by ≤ 6e-8 relative); 1 + erf and 1 + tanh cancel in
    /// the negative tail, where φ ≈ 0 and the absolute part applies; the `Where(x > 20, x, ·)`
    /// branch of Softplus differs from it by at most e⁻²⁰ ≈ 2e-9.
    static let tolerance = 1e-6

    /// The grid every candidate is checked on.
    static let samplePoints: [Double] = {
        let magnitudes: [Double] = [0.125, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 48, 64]
        return [0] + magnitudes.flatMap { [$0, -$0] }
    }()

    /// Offsets on both sides of a switch point.
    static let switchOffsets: [Double] = [-16, -4, -1, -1.0 / 16, 1.0 / 16, 1, 4, 16]

    static let smoothCandidates: [Activation] = [.gelu, .geluTanh, .silu, .mish, .softsign, .softplus, .sigmoid, .tanh]

    /// The activation f is, or nil.
    func recognised() -> Recognition? {
        guard !function.isAffine, let switches = function.switchPoints else { return nil }
        let points = Self.samplePoints + switches.flatMap { t in Self.switchOffsets.map { t + $0 } }
        var scales: [Double] = []
        for a in function.innerScales where a != 1 && !scales.contains(a) { scales.append(a) }
        var candidates = Self.smoothCandidates.map { Recognition(activation: $0, inner: 1, outer: 1) }
        candidates += scales.map { Recognition(activation: .swish(beta: $0), inner: 1, outer: 1) }
        for a in scales {
            candidates += Self.smoothCandidates.flatMap { phi in
                [Recognition(activation: phi, inner: a, outer: 1), Recognition(activation: phi, inner: a, outer: 1 / a)]
            }
        }
        return candidates.first { c in
            points.allSatisfy { z in
                let expected = c.outer * c.activation(c.inner * z), given = function(z)
                return abs(given - expected) <= Self.tolerance * (1 + abs(expected))
            }
        }
    }
}
