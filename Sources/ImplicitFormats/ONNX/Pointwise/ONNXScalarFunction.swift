import Foundation
import ImplicitModel

/// A scalar function f(z) of one variable, built from the operators exporters use to spell an
/// activation elementwise (`x·0.5·(1 + Erf(x/√2))`, `x·Sigmoid(x)`, `Where(x > 20, x,
/// Softplus(x))`, …). Affine pieces a·z + c are folded as they are built, so `Div(x, √2)` and
/// `Mul(x, 0.7071)` give the same leaf.
indirect enum ONNXScalarFunction: Sendable {
    /// a·z + c; z itself is `affine(1, 0)`.
    case affine(scale: Double, shift: Double)
    case sum(ONNXScalarFunction, ONNXScalarFunction)
    case product(ONNXScalarFunction, ONNXScalarFunction)
    case quotient(ONNXScalarFunction, ONNXScalarFunction)
    case unary(Primitive, ONNXScalarFunction)
    /// 1 where the left side exceeds the right, else 0 (`Greater`).
    case greater(ONNXScalarFunction, ONNXScalarFunction)
    /// The second where the first is nonzero, else the third (`Where`).
    case select(ONNXScalarFunction, ONNXScalarFunction, ONNXScalarFunction)

    /// The elementwise operators that are not affine.
    enum Primitive: String, Sendable {
        case erf, tanh, sigmoid, softplus, abs
    }

    static let argument = ONNXScalarFunction.affine(scale: 1, shift: 0)
    static func constant(_ c: Double) -> ONNXScalarFunction { .affine(scale: 0, shift: c) }

    /// True when f is a·z + c.
    var isAffine: Bool {
        if case .affine = self { return true }
        return false
    }

    func callAsFunction(_ z: Double) -> Double {
        switch self {
        case .affine(let a, let c): return a == 0 ? c : a * z + c
        case .sum(let f, let g): return f(z) + g(z)
        case .product(let f, let g): return f(z) * g(z)
        case .quotient(let f, let g): return f(z) / g(z)
        case .unary(let p, let f):
            let u = f(z)
            switch p {
            case .erf: return Foundation.erf(u)
            case .tanh: return Foundation.tanh(u)
            case .sigmoid: return Activation.sigmoid(u)
            case .softplus: return Activation.softplus(u)
            case .abs: return Swift.abs(u)
            }
        case .greater(let f, let g):
            let (u, v) = (f(z), g(z))
            return u.isNaN || v.isNaN ? .nan : (u > v ? 1 : 0)
        case .select(let c, let f, let g):
            let condition = c(z)
            return condition.isNaN ? .nan : (condition != 0 ? f(z) : g(z))
        }
    }

    // MARK: - Building, folding affine pieces

    static func + (f: ONNXScalarFunction, g: ONNXScalarFunction) -> ONNXScalarFunction {
        if case .affine(let a, let c) = f, case .affine(let b, let d) = g { return .affine(scale: a + b, shift: c + d) }
        return .sum(f, g)
    }

    static func - (f: ONNXScalarFunction, g: ONNXScalarFunction) -> ONNXScalarFunction {
        f + .constant(-1) * g
    }

    static func * (f: ONNXScalarFunction, g: ONNXScalarFunction) -> ONNXScalarFunction {
        if case .affine(0, let c) = f, case .affine(let b, let d) = g { return .affine(scale: c * b, shift: c * d) }
        if case .affine(let a, let c) = f, case .affine(0, let d) = g { return .affine(scale: a * d, shift: c * d) }
        return .product(f, g)
    }

    static func / (f: ONNXScalarFunction, g: ONNXScalarFunction) -> ONNXScalarFunction {
        if case .affine(let a, let c) = f, case .affine(0, let d) = g, d != 0 { return .affine(scale: a / d, shift: c / d) }
        return .quotient(f, g)
    }

    // MARK: - Facts used to recognise an activation

    /// The positive scales a of the leaves a·z (no shift): the candidate β of `Softplus(βx)/β`
    /// and of Swish `x·Sigmoid(βx)`.
    var innerScales: [Double] {
        var scales: [Double] = []
        visit { if case .affine(let a, 0) = $0, a > 0 { scales.append(a) } }
        return scales
    }

    /// The values of z where a `Greater` switches: both sides affine, one of them z-dependent.
    /// nil when some comparison is not between affine pieces (its switch points are unknown).
    var switchPoints: [Double]? {
        var points: [Double] = [], known = true
        visit { node in
            guard case .greater(let f, let g) = node else { return }
            guard case .affine(let a, let c) = f, case .affine(let b, let d) = g, a != b else { known = false; return }
            points.append((d - c) / (a - b))
        }
        return known ? points : nil
    }

    /// The primitives used, for messages.
    var primitives: [Primitive] {
        var found: [Primitive] = []
        visit { if case .unary(let p, _) = $0, !found.contains(p) { found.append(p) } }
        return found
    }

    private func visit(_ body: (ONNXScalarFunction) -> Void) {
        body(self)
        switch self {
        case .affine: break
        case .sum(let f, let g), .product(let f, let g), .quotient(let f, let g), .greater(let f, let g):
            f.visit(body); g.visit(body)
        case .unary(_, let f): f.visit(body)
        case .select(let c, let f, let g): c.visit(body); f.visit(body); g.visit(body)
        }
    }
}
