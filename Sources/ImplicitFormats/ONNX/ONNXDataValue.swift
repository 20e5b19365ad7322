import ImplicitModel

/// A tensor that depends on the model's input, during import: one affine expression per
/// feature over the input and the layers made so far, plus where the samples are.
///
/// Most tensors have samples in rows, `(N, features…)`. A Gemm that multiplies a weight by a
/// transposed input gives `(features, N)` (samples in columns); elementwise operators and
/// activations keep that layout and a later `Gemm(transA=1)` turns it back.
struct ONNXDataValue: Sendable {
    enum Layout: Sendable, Equatable {
        /// `(N, d₁, d₂, …)`; features are the trailing extents, flattened in C order.
        case samplesInRows
        /// `(f, N)`; always one feature axis.
        case samplesInColumns
    }

    /// How the expression is held: `I · source` is kept symbolic, because an input of p
    /// features would need a p × p identity matrix to be spelled out.
    enum Form: Sendable {
        case variable(source: String, size: Int)
        case affine(AffineExpression)
    }

    /// The largest identity matrix spelled out when a plain variable must become a general
    /// expression (`Add(x, c)` on the input itself): 8192² doubles are 512 MiB.
    static let maximumIdentitySize = 8192

    let form: Form
    let layout: Layout
    /// Non-batch extents; their product is the number of features.
    let featureDims: [Int]

    init(form: Form, layout: Layout, featureDims: [Int]) {
        self.form = form
        self.layout = layout
        self.featureDims = featureDims
    }

    init(_ expression: AffineExpression, layout: Layout, featureDims: [Int]) {
        self.init(form: .affine(expression), layout: layout, featureDims: featureDims)
    }

    var size: Int { featureDims.reduce(1, *) }

    /// The same value with new extents or a new layout (shape operators).
    func with(layout: Layout? = nil, featureDims: [Int]) -> ONNXDataValue {
        ONNXDataValue(form: form, layout: layout ?? self.layout, featureDims: featureDims)
    }

    /// The tensor's shape as ONNX would print it, with `N` for the batch.
    var shapeDescription: String {
        switch layout {
        case .samplesInRows: return "(" + (["N"] + featureDims.map(String.init)).joined(separator: ", ") + ")"
        case .samplesInColumns: return "(\(size), N)"
        }
    }

    /// The expression, spelling out `I · source` if needed.
    /// - Throws: `ONNXNodeFailure` when that identity would exceed `maximumIdentitySize`.
    func expression() throws -> AffineExpression {
        switch form {
        case .affine(let expression): return expression
        case let .variable(source, size):
            guard size <= ONNXDataValue.maximumIdentitySize else {
                throw ONNXNodeFailure("this operation on '\(source)' itself would need a \(size)×\(size) identity matrix, beyond the importer's limit of \(ONNXDataValue.maximumIdentitySize)")
            }
            return .variable(source, size: size)
        }
    }

    /// W · self for a k × size matrix: one gemm per source, none for `I · source`.
    func leftMultiplied(by w: Matrix) -> AffineExpression {
        switch form {
        case let .variable(source, _):
            return AffineExpression(size: w.rows, terms: [Term(source: source, weight: w)])
        case .affine(let expression):
            let terms = expression.terms.map { term in
                Term(source: term.source, weight: term.weight.isIdentity ? w : w * term.weight)
            }
            return AffineExpression(size: w.rows, terms: terms, constant: w.apply(to: expression.constant))
        }
    }
}

extension Matrix {
    /// True for a square matrix with ones on the diagonal and zeros elsewhere.
    var isIdentity: Bool {
        guard isSquare else { return false }
        for j in 0..<cols {
            for i in 0..<rows where self[i, j] != (i == j ? 1 : 0) { return false }
        }
        return true
    }
}

extension ONNXDataValue {
    /// The sources the expression reads.
    var sourceNames: [String] {
        switch form {
        case .variable(let source, _): return [source]
        case .affine(let e): return e.terms.map(\.source)
        }
    }

    /// The columns of all its coefficient matrices together: a product W · self has W's rows
    /// times this many coefficients.
    var coefficientColumns: Int {
        switch form {
        case .variable(_, let size): return size
        case .affine(let e): return e.terms.reduce(0) { $0 + $1.weight.cols }
        }
    }
}
