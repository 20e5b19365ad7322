import ImplicitModel

/// `Gemm` and `MatMul`: products of a tensor computed from the input with a constant weight.
///
/// A tensor with samples in rows, `X (N, f)`, times a weight `W (f, k)` gives `(N, k)` with
/// each sample's expression multiplied by `Wᵀ`. A weight times a tensor with samples in
/// columns (`W (k, f) · X (f, N)`, which `Gemm(W, x, transB=1)` produces) gives `(k, N)`,
/// samples still in columns, each expression multiplied by `W`.
enum ONNXLinearOperators {
    static let translators: [String: ONNXOperatorRegistry.Translator] = ["Gemm": gemm, "MatMul": matMul]

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
            return .data(ONNXDataValue(try y.expression().shifted(by: shift), layout: y.layout, featureDims: y.featureDims))
        case (.data(let y), _):
            let c = try context.data(2)
            guard c.layout == y.layout, c.featureDims == y.featureDims else {
                throw ONNXNodeFailure("C has shape \(c.shapeDescription), the product \(y.shapeDescription)")
            }
            return .data(ONNXDataValue(try y.expression().adding(c.expression().scaled(by: beta)), layout: y.layout, featureDims: y.featureDims))
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
        // Asked without decoding: a weight initializer is decoded once, by `context.matrix`,
        // straight into the layout the product needs.
        switch (try context.dependsOnInput(0), try context.dependsOnInput(1)) {
        case (true, false):
            let x = try context.data(0)
            // Each sample's expression is multiplied by op(B)ᵀ, which is B itself when transB:
            // read in that layout, the weight is widened and placed once, never transposed twice.
            let w = try context.matrix(1, what: "the weight B", transposed: !transB)
            try expectMatrix(x, "A")
            // op(A) has samples in rows when A has them in rows and is not transposed, or has
            // them in columns and is.
            guard (x.layout == .samplesInRows) != transA else {
                throw ONNXNodeFailure("op(A) has samples in columns, shape \(x.shapeDescription); A · B would mix samples")
            }
            guard w.cols == x.size else {
                throw ONNXNodeFailure("op(B) is \(w.cols)×\(w.rows), but op(A) has \(x.size) features")
            }
            try context.walker.checkFits(rows: w.rows, cols: x.coefficientColumns, what: "the product")
            return .data(ONNXDataValue(x.leftMultiplied(by: alpha == 1 ? w : alpha * w), layout: .samplesInRows, featureDims: [w.rows]))
        case (false, true):
            let opA = try context.matrix(0, what: "the weight A", transposed: transA)
            let x = try context.data(1)
            try expectMatrix(x, "B")
            guard (x.layout == .samplesInColumns) != transB else {
                throw ONNXNodeFailure("op(B) has samples in rows, shape \(x.shapeDescription); A · B would mix samples")
            }
            guard opA.cols == x.size else {
                throw ONNXNodeFailure("op(A) is \(opA.rows)×\(opA.cols), but op(B) has \(x.size) features")
            }
            try context.walker.checkFits(rows: opA.rows, cols: x.coefficientColumns, what: "the product")
            return .data(ONNXDataValue(x.leftMultiplied(by: alpha == 1 ? opA : alpha * opA), layout: .samplesInColumns, featureDims: [opA.rows]))
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
        }
    }

    private static func expectMatrix(_ x: ONNXDataValue, _ name: String) throws {
        guard x.featureDims.count == 1 else {
            throw ONNXNodeFailure("\(name) has shape \(x.shapeDescription); a 2-D tensor is needed (insert Flatten)")
        }
    }
}
