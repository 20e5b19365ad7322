import Linalg
import ImplicitModel
import ImplicitAnalysis

/// Independent checks of a report's evidence against the model's dense A: recompute every norm,
/// ratio, factorization or minor a certificate names, and evaluate every witness with a direct
/// x − φ(Ax + b). Returns the failures, empty when everything holds.
enum EvidenceCheck {
    static func failures(_ report: WellPosednessReport, a: Matrix, activations: [Activation]) -> [String] {
        var problems: [String] = []
        for (index, component) in report.components.enumerated() {
            let sub = a.submatrix(rows: component.states, cols: component.states)
            let acts = component.states.map { activations[$0] }
            // The finding carries exactly one certificate when well-posed and one witness when
            // ill-posed (the type says so); what is left to check is the evidence itself.
            switch component.finding {
            case .wellPosed(let certificate, _):
                if let why = check(certificate, sub, component) { problems.append("component \(index): \(why)") }
            case .illPosed(let witness):
                if let why = check(witness, sub, acts) { problems.append("component \(index): \(why)") }
            case .undecided:
                break
            }
        }
        return problems
    }

    /// The matrix M the certificate speaks of.
    static func tested(_ certificate: WellPosednessCertificate, _ a: Matrix, _ component: DiagonalComponentReport) -> Matrix? {
        let n = a.rows
        switch certificate.matrix {
        case .a:
            return a
        case .lipschitzScaled, .blockLipschitzScaled:
            guard let l = component.lipschitz else { return nil }
            var m = a
            for j in 0..<n { for i in 0..<n { m[i, j] = l[i] * a[i, j] } }
            return m
        case .leakyTransformed:
            guard let d = component.lowSlopes else { return nil }
            var t = Matrix.identity(n), right = a
            for j in 0..<n {
                for i in 0..<n { t[i, j] -= a[i, j] * d[j]; right[i, j] = a[i, j] * (1 - d[j]) }
            }
            return try? LUFactorization(t).solve(right)
        case .slopeBox:
            guard let lower = component.slopeLower, let upper = component.slopeUpper,
                  let base = certificate.baseSlopes else { return nil }
            var t = Matrix.identity(n), right = a
            for j in 0..<n {
                let opposite = lower[j] + upper[j] - base[j]
                for i in 0..<n { t[i, j] -= a[i, j] * base[j]; right[i, j] = a[i, j] * (opposite - base[j]) }
            }
            return try? LUFactorization(t).solve(right)
        }
    }

    static func check(_ certificate: WellPosednessCertificate, _ a: Matrix, _ component: DiagonalComponentReport) -> String? {
        guard let m = tested(certificate, a, component) else { return "cannot form the tested matrix" }
        let n = m.rows
        if certificate.matrix == .slopeBox, n <= 12, let lower = component.slopeLower, let upper = component.slopeUpper {
            // Every vertex determinant, directly, has the sign of the base corner's.
            for mask in 0..<(1 << n) {
                var t = Matrix.identity(n)
                for j in 0..<n { for i in 0..<n { t[i, j] -= a[i, j] * (mask & (1 << j) != 0 ? upper[j] : lower[j]) } }
                let det = BruteForce.determinant(t)
                if !(det * Double(certificate.baseDeterminantSign ?? 0) > 0) { return "vertex determinant \(det) at mask \(mask)" }
            }
        }
        func rowSums(_ x: Matrix) -> [Double] {
            (0..<x.rows).map { i in (0..<x.cols).reduce(0) { $0 + abs(x[i, $1]) } }
        }
        switch certificate.kind {
        case .scalar:
            return n == 1 && m[0, 0] < 1 ? nil : "scalar certificate with m = \(m[0, 0])"
        case .normInf:
            let value = rowSums(m).max() ?? 0
            return value < 1 && abs(value - certificate.value) < 1e-12 ? nil : "‖M‖∞ = \(value)"
        case .norm1:
            let value = rowSums(m.transposed()).max() ?? 0
            return value < 1 && abs(value - certificate.value) < 1e-12 ? nil : "‖M‖₁ = \(value)"
        case .perronScaling:
            guard let v = certificate.scaling, v.count == n, v.allSatisfy({ $0 > 0 }) else { return "no positive v" }
            let ratio = (0..<n).map { i in (0..<n).reduce(0) { $0 + abs(m[i, $1]) * v[$1] } / v[i] }.max() ?? 0
            return ratio < 1 ? nil : "max (|M|v)ᵢ/vᵢ = \(ratio)"
        case .hMatrix:
            guard let v = certificate.scaling, v.count == n, v.allSatisfy({ $0 > 0 }) else { return "no positive v" }
            for i in 0..<n {
                let off = (0..<n).filter { $0 != i }.reduce(0) { $0 + abs(m[i, $1]) * v[$1] }
                if !(m[i, i] < 1 && off < (1 - m[i, i]) * v[i]) { return "row \(i) not dominant" }
            }
            return nil
        case .symmetricPartPositiveDefinite:
            let s = BruteForce.complement(m).symmetricPart
            guard let smallest = try? s.symmetricEigenvalues().first else { return "eigenvalues failed" }
            return smallest > 0 ? nil : "λ_min = \(smallest)"
        case .norm2, .blockMapContraction2:
            guard let value = try? m.norm2() else { return "SVD failed" }
            return value < 1 ? nil : "‖M‖₂ = \(value)"
        case .blockMapContractionInf:
            let value = rowSums(m).max() ?? 0
            return value < 1 ? nil : "‖M‖∞ = \(value)"
        case .principalMinors:
            guard n <= 14 else { return nil }
            let smallest = BruteForce.smallestMinor(BruteForce.complement(m))
            return smallest > 0 ? nil : "a principal minor is \(smallest)"
        case .nonsingular:
            guard let lu = try? LUFactorization(BruteForce.complement(m)), !lu.isSingular else { return "I − M singular" }
            let sign = lu.determinant > 0 ? 1 : -1
            return sign == certificate.determinantSign ? nil : "determinant sign differs"
        }
    }

    static func check(_ witness: IllPosednessWitness, _ a: Matrix, _ activations: [Activation]) -> String? {
        let n = a.rows
        guard witness.b.count == n, witness.x1.count == n, witness.x2.count == n else { return "witness has wrong sizes" }
        var scale = 1.0
        for v in witness.b + witness.x1 + witness.x2 { scale = max(scale, abs(v)) }
        for x in [witness.x1, witness.x2] {
            for i in 0..<n {
                var z = witness.b[i]
                for j in 0..<n { z += a[i, j] * x[j] }
                let r = abs(x[i] - activations[i](z))
                if !(r <= 1e-9 * scale) { return "residual \(r) at state \(i)" }
            }
        }
        let distance = zip(witness.x1, witness.x2).map { abs($0 - $1) }.max() ?? 0
        guard distance >= 1e-6 else { return "the two solutions coincide (distance \(distance))" }
        guard witness.reason == .slopeBoxVertex else { return nil }
        // Slope-box witnesses: every solution (x¹, x², the others) to 1e-10 · scale, pairwise
        // distinct, and the stated determinants recomputed.
        let all = [witness.x1, witness.x2] + (witness.otherSolutions ?? [])
        for x in all {
            let size = (witness.b + x).reduce(1) { max($0, abs($1)) }
            for i in 0..<n {
                var z = witness.b[i]
                for j in 0..<n { z += a[i, j] * x[j] }
                let r = abs(x[i] - activations[i](z))
                if !(r <= 1e-10 * size) { return "slope-box residual \(r) at state \(i)" }
            }
        }
        for p in all.indices { for q in all.indices where q > p {
            if (zip(all[p], all[q]).map { abs($0 - $1) }.max() ?? 0) < 1e-6 { return "solutions \(p) and \(q) coincide" }
        } }
        guard let d = witness.vertexSlopes, let det = witness.vertexDeterminant, let z = witness.jacobianPoint,
              let jdet = witness.jacobianDeterminant, d.count == n, z.count == n else { return "slope-box fields missing" }
        var vertex = Matrix.identity(n), jacobian = Matrix.identity(n)
        for j in 0..<n {
            let slope = activations[j].derivative(z[j])
            for i in 0..<n { vertex[i, j] -= a[i, j] * d[j]; jacobian[i, j] -= a[i, j] * slope }
        }
        let vertexDet = BruteForce.determinant(vertex), jacobianDet = BruteForce.determinant(jacobian)
        guard vertexDet * det > 0, jacobianDet * jdet > 0, jacobianDet * vertexDet > 0 else {
            return "determinant signs: vertex \(vertexDet) vs \(det), Jacobian \(jacobianDet) vs \(jdet)"
        }
        // z* solves F(z*) = b: it is the first solution's pre-activation.
        let zStar = (0..<n).map { i in (0..<n).reduce(witness.b[i]) { $0 + a[i, $1] * witness.x1[$1] } }
        let gap = zip(zStar, z).map { abs($0 - $1) }.max() ?? 0
        return gap <= 1e-8 * z.reduce(1) { max($0, abs($1)) } ? nil : "z* is not A x¹ + b (gap \(gap))"
    }
}
