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
            switch component.verdict {
            case .wellPosed:
                guard let certificate = component.certificate, component.witness == nil else {
                    problems.append("component \(index): well-posed without exactly one certificate"); continue
                }
                if let why = check(certificate, sub, component) { problems.append("component \(index): \(why)") }
            case .illPosed:
                guard let witness = component.witness, component.certificate == nil else {
                    problems.append("component \(index): ill-posed without exactly one witness"); continue
                }
                if let why = check(witness, sub, acts) { problems.append("component \(index): \(why)") }
            case .undecided:
                if component.certificate != nil || component.witness != nil {
                    problems.append("component \(index): undecided with evidence")
                }
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
        case .lipschitzScaled:
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
        }
    }

    static func check(_ certificate: WellPosednessCertificate, _ a: Matrix, _ component: DiagonalComponentReport) -> String? {
        guard let m = tested(certificate, a, component) else { return "cannot form the tested matrix" }
        let n = m.rows
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
        case .norm2:
            guard let value = try? m.norm2() else { return "SVD failed" }
            return value < 1 ? nil : "‖M‖₂ = \(value)"
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
        return distance >= 1e-6 ? nil : "the two solutions coincide (distance \(distance))"
    }
}
