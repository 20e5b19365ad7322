import Foundation

/// The loss ℒ(Y, Ŷ) of the training problem (3), a mean over samples (columns).
///
/// Squared: ℒ = (1/2m) ‖Y − Ŷ‖²_F. Cross-entropy with the softmax, (4):
/// ℒ = (1/m) Σⱼ [log Σᵢ e^{Ŷᵢⱼ} − Σᵢ Yᵢⱼ Ŷᵢⱼ], Y one-hot.
public enum TrainingLoss: String, Sendable, Codable {
    case squared
    case crossEntropy = "cross-entropy"

    /// The loss of one sample: raw outputs ŷ against target y (both length q).
    @inlinable public func value(_ yHat: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) -> Double {
        switch self {
        case .squared:
            var s = 0.0
            for i in yHat.indices { let r = yHat[i] - y[i]; s += r * r }
            return 0.5 * s
        case .crossEntropy:
            let top = yHat.max() ?? 0
            var sum = 0.0, dot = 0.0
            for i in yHat.indices { sum += exp(yHat[i] - top); dot += y[i] * yHat[i] }
            return top + log(sum) - dot
        }
    }

    /// ∂ℓ/∂ŷ for one sample, written into `gradient`: ŷ − y, or softmax(ŷ) − y.
    @inlinable public func gradient(_ yHat: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>,
                                    into gradient: UnsafeMutableBufferPointer<Double>) {
        switch self {
        case .squared:
            for i in yHat.indices { gradient[i] = yHat[i] - y[i] }
        case .crossEntropy:
            let top = yHat.max() ?? 0
            var sum = 0.0
            for i in yHat.indices { gradient[i] = exp(yHat[i] - top); sum += gradient[i] }
            for i in yHat.indices { gradient[i] = gradient[i] / sum - y[i] }
        }
    }

    /// A bound on the curvature of ℓ in ŷ: ∇²ℓ ⪯ c·I (c = 1 squared, ½ for the softmax,
    /// whose Hessian diag(s) − s sᵀ has eigenvalues at most ½).
    public var curvatureBound: Double { self == .squared ? 1 : 0.5 }

    /// The mean loss over the columns of a q × m batch.
    public func mean(_ yHat: [Double], _ y: [Double], outputs q: Int) -> Double {
        precondition(yHat.count == y.count && q > 0)
        let m = y.count / q
        guard m > 0 else { return 0 }
        var total = 0.0
        yHat.withUnsafeBufferPointer { ph in
            y.withUnsafeBufferPointer { py in
                for j in 0..<m {
                    total += value(UnsafeBufferPointer(rebasing: ph[(j * q)..<((j + 1) * q)]),
                                   UnsafeBufferPointer(rebasing: py[(j * q)..<((j + 1) * q)]))
                }
            }
        }
        return total / Double(m)
    }
}
