import Foundation

/// Prints one `error: …` line on stderr and exits 2: the contract for bad input and usage.
enum CommandFailure {
    static let badInputStatus: Int32 = 2

    /// Words `error` once (`ErrorWording`), whatever layer threw it, and exits 2.
    static func report(_ error: Error) -> Never {
        let message = ErrorWording.text(for: error)
        write(message.isEmpty ? "unknown error" : message)
        exit(badInputStatus)
    }

    /// Writes `message` as one `error: …` line on stderr (see `ErrorLine`), for every refusal
    /// whatever its exit status.
    static func write(_ message: String) {
        FileHandle.standardError.write(Data("error: \(ErrorLine.make(message))\n".utf8))
    }
}
