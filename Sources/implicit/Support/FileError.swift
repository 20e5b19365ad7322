import ImplicitModel

/// A library error that does not name a file (a model inconsistency, an evaluation that did not
/// converge, a memory shortfall of work about to start), with the file the command was reading
/// when it happened: `FILE: [lead]<the error>`.
///
/// The error keeps its type up to `CommandFailure`, which words it once (`ErrorWording`).
struct FileError: Error {
    /// The file as the user named it.
    let file: String
    /// Words that go before the error, with their own separator ("predicting 3 samples ",
    /// "cannot compose with a.yaml: "); empty for none.
    let lead: String
    /// What the library threw.
    let underlying: Error

    init(file: String, lead: String = "", _ underlying: Error) {
        self.file = file
        self.lead = lead
        self.underlying = underlying
    }
}

/// Names `file` in the errors of `body` that name no file: a `ModelError` (an inconsistent
/// model) becomes a `FileError`; errors that carry their file pass unchanged.
func located<T>(_ file: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ModelError {
        throw FileError(file: file, error)
    }
}
