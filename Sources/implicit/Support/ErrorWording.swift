import ArgumentParser
import ImplicitFormats
import ImplicitModel

/// What a library error says on the command line: the library words what is wrong in the
/// model's and the file's terms, and only here is a remedy worded as a flag or a command.
///
/// `FormatError.kind` and the error cases are data, so whether a remedy applies follows from them,
/// never from parsing the message: a `.exceedsMemoryLimit` refusal gets "(raise it with
/// --max-memory)" right after the shortfall's own words (which the kind carries), an
/// `.outputExists` one "; use --force to overwrite it" after "already exists". Errors of any
/// other type are worded by ArgumentParser (their `description`).
enum ErrorWording {
    static let raiseMemoryLimit = " (raise it with --max-memory)"
    static let forceOverwrite = "; use --force to overwrite it"
    static let checkWellPosedness = "; run `implicit lint` to check well-posedness"

    /// The whole error, `FILE[:PLACE]: what is wrong[ remedy]` when it names a file.
    static func text(for error: Error) -> String {
        switch error {
        case let error as FileError: return "\(error.file): \(error.lead)" + text(for: error.underlying)
        case let error as FormatError: return worded(error).description
        case let error as MemoryShortfall: return error.description + raiseMemoryLimit
        case let error as ModelError: return text(for: error)
        case let error as EvaluationError: return text(for: error)
        case let error as CompositionError: return text(for: error)
        default: return Implicit.message(for: error)
        }
    }

    /// The error with its remedy in the message.
    static func worded(_ error: FormatError) -> FormatError {
        var worded = error
        switch error.kind {
        case .invalid: return error
        case .exceedsMemoryLimit(let shortfall):
            worded.message = inserting(raiseMemoryLimit, after: shortfall.description, in: error.message)
        case .outputExists:
            worded.message = inserting(forceOverwrite, after: "already exists", in: error.message)
        }
        return worded
    }

    private static func text(for error: ModelError) -> String {
        switch error {
        case .noNetworkForm: return error.description + "; use --form implicit"
        default: return error.description
        }
    }

    private static func text(for error: EvaluationError) -> String {
        switch error {
        case .notConverged: return error.description + checkWellPosedness
        case .singularSystem: return error.description + "; run `implicit lint`"
        case .inputShape, .nonFiniteInput: return error.description
        }
    }

    private static func text(for error: CompositionError) -> String {
        switch error {
        case .nonlinearHead: return error.description + " (predict --raw gives the pre-head outputs)"
        default: return error.description
        }
    }

    /// `message` with `remedy` right after the first `anchor` (at its end when it has none).
    private static func inserting(_ remedy: String, after anchor: String, in message: String) -> String {
        guard let range = message.range(of: anchor) else { return message + remedy }
        return message[..<range.upperBound] + remedy + message[range.upperBound...]
    }
}
