/// A failure reported by LAPACK, with the routine and its `info` code.
public enum LinalgError: Error, CustomStringConvertible, Equatable {
    /// The routine's arguments were rejected (`info < 0`): a bug on our side.
    case illegalArgument(routine: String, info: Int)
    /// The factorization or iteration broke down (`info > 0`): singular, not positive definite,
    /// or not converged, depending on the routine.
    case breakdown(routine: String, info: Int)
    case notSquare(rows: Int, cols: Int)

    public var description: String {
        switch self {
        case let .illegalArgument(routine, info): return "\(routine): illegal argument \(-info)"
        case let .breakdown(routine, info): return "\(routine): breakdown at \(info)"
        case let .notSquare(rows, cols): return "expected a square matrix, got \(rows)×\(cols)"
        }
    }

    static func check(_ info: Int32, _ routine: String) throws {
        if info < 0 { throw LinalgError.illegalArgument(routine: routine, info: Int(info)) }
        if info > 0 { throw LinalgError.breakdown(routine: routine, info: Int(info)) }
    }
}

extension CChar {
    static func lapack(_ letter: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: letter)) }
}
