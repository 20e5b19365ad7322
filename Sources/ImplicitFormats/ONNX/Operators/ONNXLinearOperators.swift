import ImplicitModel

/// `Gemm` and `MatMul`: products of a tensor computed from the input with a constant weight.
///
/// A tensor with samples in rows, `X (N, f)`, times a weight `W (f, k)` gives `(N, k)` with
/// each sample's expression multiplied by `Wᵀ`. A weight times a tensor with samples in
/// columns (`W (k, f) · X (f, N)`, which `Gemm(W, x, transB=1)` produces) gives `(k, N)`,
/// samples still in columns, each expression multiplied by `W`.
enum ONNXLinearOperators {
    static let translators: [String: ONNXOperatorRegistry.Translator] = ["Gemm": .firstOutput(gemm), "MatMul": .firstOutput(matMul)]

    /// Y = alpha · op(A) · op(B) + beta · C, op the optional transpose.
    static func gemm(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(2...3)
        let transA = try context.int("transA", default: 0) != 0
        let transB = try context.int("transB", default: 0) != 0
        let alpha = try context.float("alpha", default: 1)
        let beta = try context.float("beta", default: 1)
        let product = try multiply(context, transA: transA, transB: transB, alpha: alpha)
        guard context.hasInput(2) else { return product }
        switch (product, try context.value(2)) {
        case (.data(let y), .constant(let c)):
            let shift = try y.perFeature(c, what: "C").map { beta * $0 }
            return .data(ONNXDataValue(y.expression.shifted(by: shift), layout: y.layout, featureDims: y.featureDims))
        case (.data(let y), _):
            let c = try context.data(2)
            guard c.layout == y.layout, c.featureDims == y.featureDims else {
                throw ONNXNodeFailure("C has shape \(c.shapeDescription), the product \(y.shapeDescription)")
            }
            return .data(ONNXDataValue(y.expression.adding(c.expression.scaled(by: beta)), layout: y.layout, featureDims: y.featureDims))
        case (.constant(let y), .constant(let c)):
            return .constant(try ONNXConstant.elementwise(y, c.mapped { beta * $0 }, memory: context.walker.memory, +))
        default:
            throw ONNXNodeFailure("C depends on the model's input but A · B does not")
        }
    }

    /// The matrix product of two 2-D tensors (NumPy matmul without batching).
    static func matMul(_ context: ONNXNodeContext) throws -> ONNXValue {
        try context.expectInputs(2...2)
        return try multiply(context, transA: false, transB: false, alpha: 1)
    }

    /// alpha · op(A) · op(B), where exactly one side depends on the input (or neither).
    private static func multiply(_ context: ONNXNodeContext, transA: Bool, transB: Bool, alpha: Double) throws -> ONNXValue {
        // Asked without decoding: a weight initializer is read once, as stored, by
        // `context.matrix`.
        switch (try context.dependsOnInput(0), try context.dependsOnInput(1)) {
        case (true, true):
            let a = try context.value(0), b = try context.value(1)
            if case .otherGraphInput = b { _ = try context.constant(1, what: "the weight B") }
            if case .otherGraphInput = a { _ = try context.constant(0, what: "the weight A") }
            throw ONNXNodeFailure("both factors depend on the model's input: their product is not affine")
        case (false, false):
            var wa = try context.constant(0, what: "A").matrix(what: "A")
            var wb = try context.constant(1, what: "B").matrix(what: "B")
            if transA { wa = wa.transposed() }
            if transB { wb = wb.transposed() }
            guard wa.cols == wb.rows else { throw ONNXNodeFailure("A is \(wa.rows)×\(wa.cols) and B is \(wb.rows)×\(wb.cols)") }
            try context.walker.checkFits(rows: wa.rows, cols: wb.cols, what: "the product")
            let y = alpha * (wa * wb)
            return .constant(ONNXConstant(dims: [y.rows, y.cols], values: y.rowMajor, dataType: ONNXDataType.double))
        case (let aIsData, _):
            // Exactly one factor is data.
            return try multiplyData(context, DataFactor(isA: aIsData, transA: transA, transB: transB), alpha: alpha)
        }
    }

    /// Which factor of op(A) · op(B) is computed from the input, and what that fixes.
    ///
    /// Each sample's expression is multiplied by a weight W (k × f), the stored weight or its
    /// transpose (the same buffer): W = op(B)ᵀ when the data is A, whose samples are in rows
    /// and stay there; W = op(A) when the data is B, whose samples are in columns and stay there.
    private struct DataFactor {
        /// The data is A (input 0) rather than B (input 1).
        let isA: Bool
        /// Whether op transposes the data factor.
        let transposesData: Bool
        /// Whether W is the transpose of the weight as stored.
        let readsWeightTransposed: Bool

        init(isA: Bool, transA: Bool, transB: Bool) {
            self.isA = isA
            transposesData = isA ? transA : transB
            readsWeightTransposed = isA ? !transB : transA
        }

        var name: String { isA ? "A" : "B" }
        var weightName: String { isA ? "B" : "A" }
        /// Where op(data) must hold its samples, and where the product holds them.
        var layout: ONNXDataValue.Layout { isA ? .samplesInRows : .samplesInColumns }
        /// op(weight)'s extents as ONNX sees them: Wᵀ when the data is A, W when it is B.
        func weightShape(_ w: Matrix) -> String { isA ? "\(w.cols)×\(w.rows)" : "\(w.rows)×\(w.cols)" }
    }

    /// alpha · op(A) · op(B) with one factor computed from the input and the other a weight:
    /// W · expression for each sample, the product keeping the data's layout.
    private static func multiplyData(_ context: ONNXNodeContext, _ factor: DataFactor, alpha: Double) throws -> ONNXValue {
        // Inputs are read in their order, A then B; the weight is read as stored, once, and W is
        // that buffer or its transpose (a view, never a copy).
        let weightIndex = factor.isA ? 1 : 0, dataIndex = 1 - weightIndex
        let weightWhat = "the weight \(factor.weightName)"
        func weight() throws -> Matrix {
            let stored = try context.matrix(weightIndex, what: weightWhat)
            return factor.readsWeightTransposed ? stored.transposed() : stored
        }
        let x: ONNXDataValue, w: Matrix
        if factor.isA {
            x = try context.data(dataIndex)
            w = try weight()
        } else {
            w = try weight()
            x = try context.data(dataIndex)
        }
        try expectMatrix(x, factor.name)
        guard (x.layout == factor.layout) != factor.transposesData else {
            let other = factor.layout == .samplesInRows ? "columns" : "rows"
            throw ONNXNodeFailure("op(\(factor.name)) has samples in \(other), shape \(x.shapeDescription); A · B would mix samples")
        }
        guard w.cols == x.size else {
            throw ONNXNodeFailure("op(\(factor.weightName)) is \(factor.weightShape(w)), but op(\(factor.name)) has \(x.size) features")
        }
        try context.walker.checkFits(rows: w.rows, cols: x.coefficientColumns, what: "the product")
        return .data(ONNXDataValue(x.expression.leftMultiplied(by: alpha == 1 ? w : alpha * w), layout: factor.layout, featureDims: [w.rows]))
    }

    private static func expectMatrix(_ x: ONNXDataValue, _ name: String) throws {
        guard x.featureDims.count == 1 else {
            throw ONNXNodeFailure("\(name) has shape \(x.shapeDescription); a 2-D tensor is needed (insert Flatten)")
        }
    }
}
