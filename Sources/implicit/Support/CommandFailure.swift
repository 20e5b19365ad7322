import ArgumentParser
import Foundation
import ImplicitFormats
import ImplicitModel
import Linalg

/// Prints one `error: …` line on stderr and exits 2: the contract for bad input and usage.
enum CommandFailure {
    static let badInputStatus: Int32 = 2

    static func report(_ error: Error) -> Never {
        let message: String
        switch error {
        case let error as FormatError: message = error.description
        case let error as ModelError: message = error.description
        case let error as EvaluationError: message = error.description
        case let error as LinalgError: message = error.description
        default: message = Implicit.message(for: error)
        }
        write(message.isEmpty ? "unknown error" : message)
        exit(badInputStatus)
    }

    /// Writes `message` as one `error: …` line on stderr (see `ErrorLine`), for every refusal
    /// whatever its exit status.
    static func write(_ message: String) {
        FileHandle.standardError.write(Data("error: \(ErrorLine.make(message))\n".utf8))
    }
}

/// Adds the file name to errors that do not carry one (model consistency, evaluation).
func located<T>(_ file: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ModelError {
        throw FormatError(file: file, error.description)
    }
}
