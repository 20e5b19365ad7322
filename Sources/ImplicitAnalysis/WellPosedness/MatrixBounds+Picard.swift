import ImplicitModel

extension MatrixBounds {
    /// The Picard report of M = LA from `PicardContraction.smallest`, the bound the solver and the
    /// ONNX exporter use too, on the norms these bounds share with the certificates.
    func picardReport() -> PicardReport {
        let bound = PicardContraction.smallest(
            normInf: normInf, norm1: norm1,
            weightedInf: { (perronRatio, perron.vector) },
            norm2: { norm2 },
            margin: options.certificateMargin)
        return PicardReport(contractive: bound.isContractive, norm: bound.norm, value: bound.factor, scaling: bound.scaling)
    }
}
