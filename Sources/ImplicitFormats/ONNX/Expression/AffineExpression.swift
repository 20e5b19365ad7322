/// A vector-valued affine expression Σ_s W_s · s + c over named sources (the network input and
/// layer outputs), the value every tensor of a network takes during import.
///
/// Linear operators (Gemm, MatMul, Add, Concat, BatchNormalization, scaling) transform
/// expressions; an activation closes an expression into a new `Layer` whose terms are the
/// expression's, and the layer's output becomes a fresh expression `I · layer`.
public struct AffineExpression: Sendable, Equatable {
    public let size: Int
    /// Coefficients by source, in first-use order: size × size(source).
    public private(set) var terms: [Term]
    public private(set) var constant: [Double]

    public init(size: Int, terms: [Term] = [], constant: [Double]? = nil) {
        self.size = size
        self.terms = []
        self.constant = constant ?? [Double](repeating: 0, count: size)
        for term in terms { add(term) }
    }

    /// The expression `I · source` for a source of the given size.
    public static func variable(_ source: String, size: Int) -> AffineExpression {
        AffineExpression(size: size, terms: [Term(source: source, weight: .identity(size))])
    }

    /// A constant vector.
    public static func constant(_ values: [Double]) -> AffineExpression {
        AffineExpression(size: values.count, constant: values)
    }

    /// True when no source appears (the value is the constant).
    public var isConstant: Bool { terms.isEmpty }

    private mutating func add(_ term: Term) {
        precondition(term.weight.rows == size, "term has \(term.weight.rows) rows, expression \(size)")
        if let i = terms.firstIndex(where: { $0.source == term.source }) {
            terms[i].weight.add(term.weight)
        } else {
            terms.append(term)
        }
    }

    /// self + other.
    public func adding(_ other: AffineExpression) -> AffineExpression {
        precondition(size == other.size, "adding expressions of sizes \(size) and \(other.size)")
        var result = self
        for term in other.terms { result.add(term) }
        for i in 0..<size { result.constant[i] += other.constant[i] }
        return result
    }

    /// s · self.
    public func scaled(by s: Double) -> AffineExpression {
        AffineExpression(size: size, terms: terms.map { Term(source: $0.source, weight: s * $0.weight) },
                         constant: constant.map { s * $0 })
    }

    /// diag(d) · self: per-row scaling (BatchNormalization, Mul by a per-feature constant).
    public func scaledRows(by d: [Double]) -> AffineExpression {
        precondition(d.count == size, "row scaling of \(d.count) for size \(size)")
        let scaledTerms = terms.map { term -> Term in
            var w = term.weight
            for j in 0..<w.cols { for i in 0..<w.rows { w[i, j] *= d[i] } }
            return Term(source: term.source, weight: w)
        }
        return AffineExpression(size: size, terms: scaledTerms, constant: zip(constant, d).map { $0 * $1 })
    }

    /// self + v for a constant vector v.
    public func shifted(by v: [Double]) -> AffineExpression {
        precondition(v.count == size, "shift of \(v.count) for size \(size)")
        var result = self
        for i in 0..<size { result.constant[i] += v[i] }
        return result
    }

    /// W · self for a k × size matrix W: one gemm per source.
    public func leftMultiplied(by w: Matrix) -> AffineExpression {
        precondition(w.cols == size, "W is \(w.rows)×\(w.cols), expression has size \(size)")
        return AffineExpression(size: w.rows,
                                terms: terms.map { Term(source: $0.source, weight: w * $0.weight) },
                                constant: w.apply(to: constant))
    }

    /// The rows `indices` of the expression (Gather, Slice).
    public func selectingRows(_ indices: [Int]) -> AffineExpression {
        AffineExpression(size: indices.count,
                         terms: terms.map { Term(source: $0.source, weight: $0.weight.submatrix(rows: indices, cols: Array(0..<$0.weight.cols))) },
                         constant: indices.map { constant[$0] })
    }

    /// [e₁; e₂; …]: the vertical concatenation (Concat along features).
    public static func concatenated(_ parts: [AffineExpression], sourceSizes: [String: Int]) -> AffineExpression {
        let total = parts.reduce(0) { $0 + $1.size }
        var sources: [String] = []
        for part in parts { for term in part.terms where !sources.contains(term.source) { sources.append(term.source) } }
        var result = AffineExpression(size: total, constant: parts.flatMap(\.constant))
        for source in sources {
            // Every source in `sources` came from some part's terms, which carry its width.
            let width = sourceSizes[source]
                ?? parts.lazy.compactMap { $0.terms.first { $0.source == source }?.weight.cols }.first ?? 0
            var w = Matrix(rows: total, cols: width)
            var offset = 0
            for part in parts {
                if let term = part.terms.first(where: { $0.source == source }) { w.setBlock(term.weight, atRow: offset, col: 0) }
                offset += part.size
            }
            result.add(Term(source: source, weight: w))
        }
        return result
    }
}
