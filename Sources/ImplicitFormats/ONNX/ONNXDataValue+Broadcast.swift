extension ONNXDataValue {
    /// A constant operand of an elementwise operator (Add, Sub, Mul, Div, Gemm's C) as one value
    /// per feature of this tensor, following ONNX's (NumPy's) right-aligned broadcasting.
    ///
    /// The constant may vary along feature axes only: along the batch axis it must have extent
    /// 1, be absent, or repeat one slice, and it may not enlarge the tensor.
    /// - Throws: `ONNXNodeFailure` naming `what` when the constant does not fit.
    func perFeature(_ c: ONNXConstant, what: String) throws -> [Double] {
        switch layout {
        case .samplesInRows:
            let rank = featureDims.count + 1
            guard c.rank <= rank else {
                throw ONNXNodeFailure("\(what) has shape \(c.shapeDescription), more axes than the tensor \(shapeDescription)")
            }
            var c = c
            if c.rank == rank, c.dims[0] > 1, c.isRepeated(alongAxis: 0) {
                // An `Expand` of a per-feature constant to a fixed batch (torch's default
                // exporter folds `c.expand(N, k)` into such a tensor): every sample gets row 0.
                c = c.taking([0], alongAxis: 0)
            }
            var dims = c.dims
            if c.rank == rank {
                guard dims[0] == 1 else {
                    throw ONNXNodeFailure("\(what) of shape \(c.shapeDescription) varies along the batch axis of \(shapeDescription); only per-feature constants are supported")
                }
                dims.removeFirst()
            }
            let aligned = Array(featureDims.suffix(dims.count))
            for (given, extent) in zip(dims, aligned) where given != 1 && given != extent {
                throw ONNXNodeFailure("\(what) of shape \(c.shapeDescription) does not broadcast to \(shapeDescription)")
            }
            return c.reshaped(dims).broadcast(to: featureDims)
        case .samplesInColumns:
            guard c.rank <= 2 else {
                throw ONNXNodeFailure("\(what) has shape \(c.shapeDescription), more axes than the tensor \(shapeDescription)")
            }
            if c.rank >= 1, c.dims[c.rank - 1] != 1 {
                throw ONNXNodeFailure("\(what) of shape \(c.shapeDescription) varies along the batch axis of \(shapeDescription) (samples are in columns); use shape (\(size), 1)")
            }
            if c.rank == 2, c.dims[0] != 1 {
                guard c.dims[0] == size else {
                    throw ONNXNodeFailure("\(what) of shape \(c.shapeDescription) does not broadcast to \(shapeDescription)")
                }
                return c.values
            }
            return [Double](repeating: c.values[0], count: size)
        }
    }
}
