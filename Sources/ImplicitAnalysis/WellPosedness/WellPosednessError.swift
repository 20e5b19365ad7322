import ImplicitModel

/// Why the well-posedness analysis could not run.
public enum WellPosednessError: Error, CustomStringConvertible, Equatable {
    /// The model failed validation (sizes or values inconsistent).
    case invalidModel(ModelError)
    /// The matrix passed to `analyze(matrix:activation:)` is not square.
    case notSquare(rows: Int, cols: Int)

    public var description: String {
        switch self {
        case .invalidModel(let error): return "the model is invalid: \(error)"
        case let .notSquare(rows, cols): return "well-posedness needs a square A, got \(rows)×\(cols)"
        }
    }
}
