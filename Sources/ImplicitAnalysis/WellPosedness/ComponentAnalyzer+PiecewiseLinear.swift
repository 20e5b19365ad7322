import ImplicitModel

extension ComponentAnalyzer {
    /// ReLU, leaky ReLU and identity states, decided through the LCP.
    ///
    /// With D = diag(slope below zero), φ(z) = Dz + (I − D) max(z, 0) for every such activation, so
    /// z = Ax + b reads G(z) = (I − AD) z − A(I − D) z⁺ = b. When T = I − AD is invertible, u = z⁺ and
    /// w = z⁻ satisfy w = (I − A')u − T⁻¹b with A' = T⁻¹A(I − D), u, w ≥ 0, uᵀw = 0: the LCP with
    /// M = I − A' = T⁻¹(I − A), and z ↔ (u, w) is a bijection, so the component is well-posed iff M
    /// is a P-matrix. Pure ReLU has D = 0 and A' = A. When T is singular, G is the linear map T on
    /// the cone z ≤ 0, so z = −1 and z = −1 + εy (Ty = 0) have the same image: ill-posed.
    func piecewiseLinear(boundsL: MatrixBounds, matrixL: TestedMatrix) -> Decision {
        let criterion: String
        let d = lowSlopes
        if activations.allSatisfy({ $0 == .relu }) {
            criterion = ComponentAnalyzer.reluCriterion
            let analysis = LCPAnalysis(bounds: boundsL, matrix: .a, states: states) { candidate in
                verified(candidate, b: candidate.b, x1: candidate.u1, x2: candidate.u2)
            }
            return decision(analysis.run(), criterion: criterion, exact: true)
        }
        criterion = ComponentAnalyzer.piecewiseLinearCriterion
        // With slopes in [0, L], I − LA a P-matrix suffices (docs/lint.md, the criteria table); its
        // certificates are simpler.
        if activations.allSatisfy(\.isMonotone),
           let certificate = boundsL.sufficientCertificate(matrix: matrixL) {
            var outcome = decision(.certified(certificate), criterion: criterion, exact: true)
            outcome.lowSlopes = d
            return outcome
        }
        var outcome = transformed(lowSlopes: d, criterion: criterion)
        outcome.lowSlopes = d
        return outcome
    }

    private func transformed(lowSlopes d: [Double], criterion: String) -> Decision {
        let k = a.rows
        var ad = a
        for j in 0..<k { for i in 0..<k { ad[i, j] *= d[j] } }
        let t = Matrix.identity(k) - ad
        var notes: [String] = []
        var rcond = 0.0
        if let lu = try? LUFactorization(t), !lu.isSingular {
            rcond = lu.reciprocalCondition(norm1: t.norm1)
            if rcond > options.conditionTolerance, let tInverse = try? lu.inverse() {
                var a1 = a
                for j in 0..<k { for i in 0..<k { a1[i, j] *= 1 - d[j] } }
                let aPrime = tInverse * a1
                let bounds = MatrixBounds(aPrime, options: options)
                let analysis = LCPAnalysis(bounds: bounds, matrix: .leakyTransformed, states: states) { candidate in
                    mapped(candidate, aPrime: aPrime, t: t)
                }
                var outcome = decision(analysis.run(), criterion: criterion, exact: true)
                outcome.annotateCertificate { $0.transformCondition = rcond }
                return outcome
            }
        }
        notes.append("I − AD is singular or ill-conditioned (reciprocal condition \(rcond))")
        if let svd = try? SingularValueDecomposition(t), let last = svd.values.indices.last {
            let y = svd.vt.row(last)
            let top = y.map { Swift.abs($0) }.max() ?? 0
            if top > 0 {
                // Both z's stay in the open negative orthant, where φ(z) = Dz.
                let z1 = [Double](repeating: -1, count: k)
                let z2 = (0..<k).map { -1 + 0.5 * y[$0] / top }
                let b = t.apply(to: z1)
                let x1 = (0..<k).map { activations[$0](z1[$0]) }
                let x2 = (0..<k).map { activations[$0](z2[$0]) }
                let scaled = normalized(b: b, x1: x1, x2: x2)
                if let witness = verified(reason: .singular, b: scaled.b, x1: scaled.x1, x2: scaled.x2) {
                    return decision(.witness(witness), criterion: criterion, exact: true)
                }
            }
            notes.append("the null vector of I − AD (σ_min = \(svd.values[last])) did not verify as a witness")
        }
        return decision(.undecided(notes: notes), criterion: criterion, exact: false)
    }

    /// An LCP candidate (b', u¹, u²) for A' mapped back: zᵏ = A'uᵏ + b' (= uᵏ − wᵏ), xᵏ = φ(zᵏ),
    /// b = T b'. Then A xᵏ + b = zᵏ, so xᵏ = φ(A xᵏ + b).
    private func mapped(_ candidate: LCPWitnessCandidate, aPrime: Matrix, t: Matrix) -> IllPosednessWitness? {
        let k = a.rows
        func state(_ u: [Double]) -> [Double] {
            let z = aPrime.apply(to: u)
            return (0..<k).map { activations[$0](z[$0] + candidate.b[$0]) }
        }
        let scaled = normalized(b: t.apply(to: candidate.b), x1: state(candidate.u1), x2: state(candidate.u2))
        return verified(candidate, b: scaled.b, x1: scaled.x1, x2: scaled.x2)
    }
}
