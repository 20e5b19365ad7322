/// Why a model cannot be written as ONNX; each case names the blocks or tensor at fault.
public enum ONNXExportError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A cyclic component whose Picard iteration is not proven to converge.
    case notContractive(blocks: [String], factor: Double)
    /// A contractive component that would need more unrolled iterations than allowed.
    case tooManyIterations(blocks: [String], factor: Double, iterations: Int, limit: Int)
    /// A weight or bias that float32 cannot hold.
    case valueOutOfFloat32Range(tensor: String, index: Int, value: Double)
    /// The model itself is inconsistent, or has no input features.
    case invalidModel(String)

    public var description: String {
        switch self {
        case let .notContractive(blocks, factor):
            return "the cyclic state blocks \(blocks.joined(separator: ", ")) are not proven Picard-contractive (κ = Lip(φ)·min(‖A‖∞, ‖A‖₁, ‖A‖₂) = \(factor) ≥ 1): an unrolled fixed-point iteration in ONNX might not converge, so only contractive cyclic blocks are exported; check the model with `implicit lint`"
        case let .tooManyIterations(blocks, factor, iterations, limit):
            return "the cyclic state blocks \(blocks.joined(separator: ", ")) contract only by κ = \(factor): reaching float32 accuracy needs \(iterations) unrolled iterations, more than the limit of \(limit)"
        case let .valueOutOfFloat32Range(tensor, index, value):
            return "the tensor '\(tensor)' has \(value) at element \(index), beyond float32's range (±3.4e38)"
        case .invalidModel(let why):
            return why
        }
    }
}
