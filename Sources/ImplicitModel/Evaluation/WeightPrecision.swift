/// The floating-point width a model's weights had in the file it was read from, and the
/// arithmetic `predict` runs it in by default.
///
/// This records whether every number the file stored was a float32, as in a float32 ONNX model
/// exported by PyTorch or skl2onnx, whatever width the weights are held in after reading
/// (float64, or float32 for `convert` and `predict`, see `Matrix.storage`). Such
/// a model was trained and is normally run in float32 (onnxruntime does), so float32 arithmetic
/// loses nothing the file held: its rounding, about 1e-7 · (terms per sum) relative, is the
/// rounding of every float32 runtime.
public enum WeightPrecision: String, Sendable, Codable, Equatable {
    case float32
    case float64

    /// The arithmetic `predict` uses by default (`--precision auto`): float32 for a model whose
    /// weights were all float32 and that has no cyclic component (a fixed point needs float64 to
    /// meet its residual tolerance, see `Float32Plan`), float64 otherwise.
    public func defaultArithmetic(for model: ImplicitModel) -> WeightPrecision {
        guard self == .float32, BlockStructure(model).isAcyclic else { return .float64 }
        return .float32
    }
}
