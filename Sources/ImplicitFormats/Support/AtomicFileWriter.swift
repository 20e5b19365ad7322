import Foundation

/// Writes one output file atomically and never over an input: a `WritePlan` of one target.
///
/// The content goes to a temporary file in the target directory (same file system, so the final
/// `rename(2)` is atomic): a reader sees either the old file or the complete new one, and a
/// failed write leaves no partial output behind. Writers of several files (a document and its
/// side files) build a `WritePlan` themselves, so that all are checked before any is written.
public enum AtomicFileWriter {
    /// Writes `data` to `url` atomically.
    /// - Parameters:
    ///   - data: the complete file content.
    ///   - url: the output file; its directory must exist.
    ///   - inputs: files this command reads; `url` must not be one of them, even with `force`
    ///     (compared by device and inode, and after resolving symbolic links), nor any file in
    ///     the current `InputLedger`.
    ///   - force: replace an existing output file.
    /// - Throws: `FormatError` naming the output (or its missing directory).
    public static func write(_ data: Data, to url: URL, refusingToOverwrite inputs: [URL] = [],
                             force: Bool = false) throws(FormatError) {
        var plan = WritePlan(protecting: inputs, force: force)
        plan.add(url) { () throws(FormatError) in data }
        try plan.commit()
    }

    /// Lets `body` write the file at a temporary URL in the target directory, then renames it to
    /// `url`. For writers that need a path rather than bytes (zip archives).
    /// - Parameters:
    ///   - url: the output file; its directory must exist.
    ///   - inputs: files that must not be overwritten, even with `force`.
    ///   - force: replace an existing output file.
    ///   - body: writes the complete content to the URL it receives; the file does not exist yet.
    /// - Throws: `FormatError` from the checks, from `body`, or from the rename; the temporary
    ///   file is removed on every failure.
    public static func write(to url: URL, refusingToOverwrite inputs: [URL] = [], force: Bool = false,
                             using body: @escaping (URL) throws(FormatError) -> Void) throws(FormatError) {
        var plan = WritePlan(protecting: inputs, force: force)
        plan.add(url, using: body)
        try plan.commit()
    }
}
