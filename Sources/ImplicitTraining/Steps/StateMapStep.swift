import Linalg

extension RelaxedProblem {
    /// A row whose ℓ1 norm exceeds κ by more than this relative amount is infeasible (the
    /// projection's own rounding is a few ulps).
    static let ballSlack = 1e-12

    /// The (A, B, b) step, problem (13) row by row:
    ///
    ///     min over (aᵢ, bᵢ, βᵢ) of (λᵢ/m) Σⱼ [Φ(zᵢⱼ) − Pᵢⱼ zᵢⱼ] + l1 ‖bᵢ‖₁   s.t. ‖aᵢ‖₁ ≤ κ,
    ///
    /// zᵢⱼ = aᵢᵀxⱼ + bᵢᵀuⱼ + βᵢ (the Φ*(P) term of F is constant here). The rows are independent
    /// problems, solved in parallel by accelerated projected gradient from the current row;
    /// Φ'' ≤ 1 gives the step 1/L with L = λᵢ λ_max(Z Zᵀ)/m. A feedforward row uses only the
    /// previous layer's states (and U for the first layer) and no norm constraint.
    func stateMapStep(_ w: inout TrainingParameters, states x: Matrix, proxies p: Matrix) throws {
        let n = structure.stateCount, blockOfState = structure.blockOfState
        // Rows of one layer share their features and step size.
        var featuresByLayer: [Int: (FeatureMatrix, Double)] = [:]
        for i in 0..<n where featuresByLayer[blockOfState[i]] == nil {
            let features = FeatureMatrix(states: x, rows: Array(structure.stateInputs(ofState: i)),
                                         inputs: structure.readsInput(state: i) ? data.inputs : nil)
            featuresByLayer[blockOfState[i]] = (features, try features.largestGramEigenvalue())
        }
        let current = w, layers = featuresByLayer
        let rows: [[Double]] = ParallelPartition.map(n) { i in
            guard let (features, gram) = layers[blockOfState[i]] else { return [] }
            return solveStateRow(i, features: features, gramEigenvalue: gram, proxies: p, start: stateRow(current, i, features))
        }
        for i in 0..<n {
            guard let (features, _) = featuresByLayer[blockOfState[i]] else { continue }
            setStateRow(&w, i, rows[i], features)
        }
    }

    func solveStateRow(_ i: Int, features: FeatureMatrix, gramEigenvalue: Double, proxies p: Matrix,
                       start: [Double]) -> [Double] {
        let z = features.values, k = features.count
        let weight = dualWeights[i] / Double(m)
        let target = p.row(i)
        let stateCount = features.stateRows.count
        let inputCount = features.includesInputs ? data.inputs.rows : 0
        let kappa = options.kappa, constrained = structure.constrainsNorm, l1 = options.l1
        let solver = ProximalGradient()
        let result = solver.minimize(
            from: start, lipschitz: dualWeights[i] * gramEigenvalue / Double(m),
            smooth: { coefficients in
                let s = z.apply(to: coefficients, transpose: .transposed)
                var value = 0.0
                var residual = [Double](repeating: 0, count: s.count)
                for j in s.indices {
                    value += activation.potential(s[j]) - target[j] * s[j]
                    residual[j] = activation.value(s[j]) - target[j]
                }
                var gradient = z.apply(to: residual)
                for c in 0..<k { gradient[c] *= weight }
                return (weight * value, gradient)
            },
            nonsmooth: { coefficients in
                if constrained && coefficients[0..<stateCount].reduce(0, { $0 + Swift.abs($1) }) > kappa * (1 + Self.ballSlack) {
                    return .infinity
                }
                guard l1 > 0 else { return 0 }
                return l1 * coefficients[stateCount..<(stateCount + inputCount)].reduce(0) { $0 + Swift.abs($1) }
            },
            proximal: { v, t in
                var out = v
                if constrained && stateCount > 0 {
                    let projected = L1BallProjection.project(Array(v[0..<stateCount]), radius: kappa)
                    for c in 0..<stateCount { out[c] = projected[c] }
                }
                if l1 > 0 {
                    for c in stateCount..<(stateCount + inputCount) { out[c] = L1BallProjection.softThreshold(v[c], t * l1) }
                }
                return out
            })
        return result.point
    }

    /// Row i of [A restricted to its inputs, B (if it reads U), b].
    func stateRow(_ w: TrainingParameters, _ i: Int, _ features: FeatureMatrix) -> [Double] {
        var row = features.stateRows.map { w.a[i, $0] }
        if features.includesInputs { row += w.b.row(i) }
        row.append(w.biasX[i])
        return row
    }

    func setStateRow(_ w: inout TrainingParameters, _ i: Int, _ row: [Double], _ features: FeatureMatrix) {
        for (c, state) in features.stateRows.enumerated() { w.a[i, state] = row[c] }
        var c = features.stateRows.count
        if features.includesInputs {
            for j in 0..<w.b.cols { w.b[i, j] = row[c + j] }
            c += w.b.cols
        }
        w.biasX[i] = row[c]
    }
}
