import ImplicitModel

/// A term of a `Layer` or `Readout` (the nested `AffineExpression.Term` hides the name).
typealias LayerTerm = Term

/// A vector-valued affine expression Σ_s W_s · s + c over named sources (the network input and
/// layer outputs), the value every tensor of a network takes during import.
///
/// Linear operators (Gemm, MatMul, Add, Concat, BatchNormalization, scaling) transform
/// expressions; an activation closes an expression into a new `Layer` whose terms are the
/// expression's (`modelTerms`), and the layer's output becomes a fresh expression `I · layer`.
/// Each W_s is an `AffineCoefficient`, so `I · source` and its slices and scalings are held
/// without their dense matrices.
struct AffineExpression: Sendable {
    /// One source and its coefficient.
    struct Term: Sendable {
        let source: String
        var coefficient: AffineCoefficient
    }

    let size: Int
    /// Coefficients by source, in first-use order: size × size(source).
    private(set) var terms: [Term]
    private(set) var constant: [Double]

    init(size: Int, terms: [Term] = [], constant: [Double]? = nil) {
        self.size = size
        self.terms = []
        self.constant = constant ?? [Double](repeating: 0, count: size)
        for term in terms { add(term) }
    }

    /// The expression `I · source` for a source of the given size, its identity symbolic.
    static func variable(_ source: String, size: Int) -> AffineExpression {
        AffineExpression(size: size, terms: [Term(source: source, coefficient: .selection(.identity(size)))])
    }

    private mutating func add(_ term: Term) {
        precondition(term.coefficient.rows == size, "term has \(term.coefficient.rows) rows, expression \(size)")
        if let i = terms.firstIndex(where: { $0.source == term.source }) {
            terms[i].coefficient = terms[i].coefficient.adding(term.coefficient)
        } else {
            terms.append(term)
        }
    }

    /// The terms as a `Layer` or `Readout` holds them, every coefficient a dense matrix.
    var modelTerms: [LayerTerm] {
        terms.map { LayerTerm(source: $0.source, weight: $0.coefficient.matrix) }
    }

    /// self + other.
    func adding(_ other: AffineExpression) -> AffineExpression {
        precondition(size == other.size, "adding expressions of sizes \(size) and \(other.size)")
        var result = self
        for term in other.terms { result.add(term) }
        for i in 0..<size { result.constant[i] += other.constant[i] }
        return result
    }

    /// s · self.
    func scaled(by s: Double) -> AffineExpression {
        AffineExpression(size: size, terms: terms.map { Term(source: $0.source, coefficient: $0.coefficient.scaled(by: s)) },
                         constant: constant.map { s * $0 })
    }

    /// diag(d) · self: per-row scaling (BatchNormalization, Mul by a per-feature constant).
    func scaledRows(by d: [Double]) -> AffineExpression {
        precondition(d.count == size, "row scaling of \(d.count) for size \(size)")
        return AffineExpression(size: size, terms: terms.map { Term(source: $0.source, coefficient: $0.coefficient.scaledRows(by: d)) },
                                constant: zip(constant, d).map { $0 * $1 })
    }

    /// self + v for a constant vector v.
    func shifted(by v: [Double]) -> AffineExpression {
        precondition(v.count == size, "shift of \(v.count) for size \(size)")
        var result = self
        for i in 0..<size { result.constant[i] += v[i] }
        return result
    }

    /// W · self for a k × size matrix W: one gemm per dense coefficient, none for a selection
    /// (W itself for `I · source`), and no pass over W for a zero constant (`I · source` has one).
    func leftMultiplied(by w: Matrix) -> AffineExpression {
        precondition(w.cols == size, "W is \(w.rows)×\(w.cols), expression has size \(size)")
        let shift = constant.allSatisfy { $0 == 0 } ? nil : w.apply(to: constant)
        return AffineExpression(size: w.rows,
                                terms: terms.map { Term(source: $0.source, coefficient: .dense($0.coefficient.leftMultiplied(by: w))) },
                                constant: shift)
    }

    /// The rows `indices` of the expression (Gather, Slice).
    func selectingRows(_ indices: [Int]) -> AffineExpression {
        AffineExpression(size: indices.count,
                         terms: terms.map { Term(source: $0.source, coefficient: $0.coefficient.selectingRows(indices)) },
                         constant: indices.map { constant[$0] })
    }

    /// [e₁; e₂; …]: the vertical concatenation (Concat along features). A source's coefficient
    /// stays a selection when it is one in every part that reads it (the others add zero rows).
    static func concatenated(_ parts: [AffineExpression]) -> AffineExpression {
        let total = parts.reduce(0) { $0 + $1.size }
        var result = AffineExpression(size: total, constant: parts.flatMap(\.constant))
        for (source, pieces) in coefficientsBySource(parts) {
            if let selection = stackedSelection(pieces) {
                result.add(Term(source: source, coefficient: .selection(selection)))
                continue
            }
            var w = Matrix(rows: total, cols: width(pieces))
            var offset = 0
            for piece in pieces {
                if let coefficient = piece.coefficient { w.setBlock(coefficient.matrix, atRow: offset, col: 0) }
                offset += piece.rows
            }
            result.add(Term(source: source, coefficient: .dense(w)))
        }
        return result
    }

    /// The columns of the dense coefficients `concatenated(parts)` makes: it allocates
    /// Σ sizes × this many doubles.
    static func denseColumnsOfConcatenation(_ parts: [AffineExpression]) -> Int {
        coefficientsBySource(parts).reduce(0) { total, entry in
            stackedSelection(entry.pieces) == nil ? total + width(entry.pieces) : total
        }
    }

    private typealias Piece = (rows: Int, coefficient: AffineCoefficient?)

    /// Each source the parts read, in first-use order, with its coefficient in every part
    /// (nil where a part does not read it).
    private static func coefficientsBySource(_ parts: [AffineExpression]) -> [(source: String, pieces: [Piece])] {
        var sources: [String] = []
        for part in parts { for term in part.terms where !sources.contains(term.source) { sources.append(term.source) } }
        return sources.map { source in
            (source, parts.map { part in (part.size, part.terms.first { $0.source == source }?.coefficient) })
        }
    }

    /// The source's width: every source came from some part's terms, which carry it.
    private static func width(_ pieces: [Piece]) -> Int {
        pieces.lazy.compactMap { $0.coefficient?.cols }.first ?? 0
    }

    /// The pieces one above the other as a selection, when every part that reads the source
    /// holds one; nil when some part holds a dense coefficient.
    private static func stackedSelection(_ pieces: [Piece]) -> RowSelection? {
        let width = width(pieces)
        guard width > 0 else { return nil }
        var selections: [(rows: Int, selection: RowSelection?)] = []
        for piece in pieces {
            switch piece.coefficient {
            case nil: selections.append((piece.rows, nil))
            case .selection(let s)?: selections.append((piece.rows, s))
            case .dense?: return nil
            }
        }
        return .stacked(selections, cols: width)
    }
}
