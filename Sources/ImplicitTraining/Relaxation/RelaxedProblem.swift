import Linalg

/// The relaxed training problem (11) on one data set:
///
///     J(A, B, b, C, D, c, X, P) = (1/m) [ Σⱼ ℓ(yⱼ, C pⱼ + D uⱼ + c)
///                                         + Σᵢ λᵢ Σⱼ F(Pᵢⱼ, (AX + BU + b1ᵀ)ᵢⱼ)
///                                         + (μ/2) ‖X − P‖²_F ]  + 𝒫(A, B, C, D),
///
/// F the Fenchel divergence of the activation, λ the dual weights of `TrainingStructure`, 𝒫
/// the penalties (per sample, so that their weight does not depend on m) and the constraint
/// that keeps A well-posed. Every block of variables enters J convexly when the others are
/// fixed: that is what the block-coordinate descent relies on.
public struct RelaxedProblem: Sendable {
    public let data: TrainingData
    public let options: FitOptions
    /// λᵢ per state: `TrainingStructure.dualWeights` at the start, raised by the dual schedule
    /// (`raiseDualWeights`).
    public internal(set) var dualWeights: [Double]

    public init(data: TrainingData, options: FitOptions) {
        self.data = data
        self.options = options
        self.dualWeights = options.structure.dualWeights(base: options.lambda)
    }

    var activation: RelaxedActivation { options.activation }
    var structure: TrainingStructure { options.structure }
    var m: Int { data.sampleCount }

    /// Z = A X + B U + b 1ᵀ, the pre-activations (n × m).
    func preactivations(_ w: TrainingParameters, states x: Matrix) -> Matrix {
        affine(w.a, x, w.b, w.biasX)
    }

    /// W U + β 1ᵀ, the part of a pre-activation or output that the inputs fix.
    func inputTerm(_ weights: Matrix, _ bias: [Double]) -> Matrix {
        var t = Matrix.product(weights, data.inputs)
        t.addToEachColumn(bias)
        return t
    }

    /// Ŷ = C P + D U + c 1ᵀ, the raw outputs (q × m).
    func outputs(_ w: TrainingParameters, proxies p: Matrix) -> Matrix {
        affine(w.c, p, w.d, w.biasY)
    }

    /// W S + V U + β 1ᵀ: the one affine map of the model, on states S (pre-activations) or on
    /// proxies (outputs).
    func affine(_ weights: Matrix, _ s: Matrix, _ inputWeights: Matrix, _ bias: [Double]) -> Matrix {
        var t = Matrix.product(weights, s)
        t.addProduct(inputWeights, data.inputs)
        t.addToEachColumn(bias)
        return t
    }

    /// The parts of J at a point.
    public func objective(_ w: TrainingParameters, states x: Matrix, proxies p: Matrix) -> RelaxedObjective {
        let loss = options.loss.mean(outputs(w, proxies: p).columnMajorElements, data.targets.columnMajorElements, outputs: data.targets.rows)
        let z = preactivations(w, states: x)
        var weighted = 0.0, plain = 0.0
        let n = z.rows
        for j in 0..<m {
            for i in 0..<n {
                let f = activation.divergence(p[i, j], z[i, j])
                weighted += dualWeights[i] * f
                plain += f
            }
        }
        let gap = x - p
        let coupling = 0.5 * options.mu * gap.sumOfSquares / Double(m)
        return RelaxedObjective(loss: loss, divergence: weighted / Double(m), meanDivergence: plain / Double(m * Swift.max(1, n)),
                                coupling: coupling, penalty: penalty(w))
    }

    /// (1/m) Σⱼ F(Pᵢⱼ, Zᵢⱼ) for every state i, unweighted.
    func stateDivergences(_ w: TrainingParameters, states x: Matrix, proxies p: Matrix) -> [Double] {
        let z = preactivations(w, states: x)
        var total = [Double](repeating: 0, count: z.rows)
        for j in 0..<m { for i in 0..<z.rows { total[i] += activation.divergence(p[i, j], z[i, j]) } }
        return total.map { $0 / Double(m) }
    }

    /// The dual schedule's step: λᵢ ← growth · λᵢ where state i's mean divergence exceeds the
    /// threshold. - Returns: how many states were raised.
    @discardableResult
    mutating func raiseDualWeights(_ w: TrainingParameters, states x: Matrix, proxies p: Matrix) -> Int {
        guard options.lambdaGrowth > 1 else { return 0 }
        var raised = 0
        for (i, f) in stateDivergences(w, states: x, proxies: p).enumerated() where f > options.lambdaThreshold {
            dualWeights[i] *= options.lambdaGrowth
            raised += 1
        }
        return raised
    }

    /// 𝒫 without the constraint: l1 (‖B‖₁ + ‖C‖₁ + ‖D‖₁) + the column penalty (19).
    func penalty(_ w: TrainingParameters) -> Double {
        var total = 0.0
        if options.l1 > 0 {
            let l1 = [w.b, w.c, w.d].reduce(0) { $0 + $1.sumOfMagnitudes }
            total += options.l1 * l1
        }
        if let column = options.columnPenalty, column.weight > 0 {
            for j in 0..<w.b.cols {
                total += column.weight * ColumnGroup.norm(w.b.column(j) + w.d.column(j), column.norm)
            }
        }
        return total
    }
}

/// The terms of the relaxed objective J at one point.
public struct RelaxedObjective: Sendable, Codable, Equatable {
    /// The mean loss on the proxy states, (1/m) Σ ℓ(y, C p + D u + c).
    public var loss: Double
    /// (1/m) Σᵢ λᵢ Σⱼ F(Pᵢⱼ, Zᵢⱼ).
    public var divergence: Double
    /// (1/(mn)) Σᵢⱼ F(Pᵢⱼ, Zᵢⱼ), unweighted: how far the proxies are from solving x = φ(z).
    public var meanDivergence: Double
    /// (μ/2m) ‖X − P‖².
    public var coupling: Double
    public var penalty: Double

    public var total: Double { loss + divergence + coupling + penalty }
}

/// Group norms of a column of (B; D) and their proximal maps.
enum ColumnGroup {
    static func norm(_ v: [Double], _ kind: ColumnPenalty.Norm) -> Double {
        switch kind {
        case .two: return v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        case .infinity: return v.reduce(0) { Swift.max($0, Swift.abs($1)) }
        }
    }

    /// prox_{t‖·‖_α}(v): block soft threshold for α = 2; v − t·Π_{ℓ1 ball}(v/t) for α = ∞.
    static func proximal(_ v: [Double], _ t: Double, _ kind: ColumnPenalty.Norm) -> [Double] {
        guard t > 0 else { return v }
        switch kind {
        case .two:
            let length = norm(v, .two)
            guard length > t else { return [Double](repeating: 0, count: v.count) }
            let scale = 1 - t / length
            return v.map { $0 * scale }
        case .infinity:
            let projected = L1BallProjection.project(v, radius: t)
            return zip(v, projected).map { $0 - $1 }
        }
    }
}
