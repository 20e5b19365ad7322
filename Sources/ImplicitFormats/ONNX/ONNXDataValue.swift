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

    /// Its value per feature; `I · source` and what shape operators make of it are held
    /// symbolically (`AffineCoefficient.selection`).
    let expression: AffineExpression
    let layout: Layout
    /// Non-batch extents; their product is the number of features.
    let featureDims: [Int]

    init(_ expression: AffineExpression, layout: Layout, featureDims: [Int]) {
        self.expression = expression
        self.layout = layout
        self.featureDims = featureDims
    }

    var size: Int { featureDims.reduce(1, *) }

    /// The same value with new extents or a new layout (shape operators).
    func with(layout: Layout? = nil, featureDims: [Int]) -> ONNXDataValue {
        ONNXDataValue(expression, layout: layout ?? self.layout, featureDims: featureDims)
    }

    /// The tensor's shape as ONNX would print it, with `N` for the batch.
    var shapeDescription: String {
        switch layout {
        case .samplesInRows: return "(" + (["N"] + featureDims.map(String.init)).joined(separator: ", ") + ")"
        case .samplesInColumns: return "(\(size), N)"
        }
    }
}

extension ONNXDataValue {
    /// The columns of all its coefficient matrices together: a product W · self has W's rows
    /// times this many coefficients.
    var coefficientColumns: Int { expression.terms.reduce(0) { $0 + $1.coefficient.cols } }
}
