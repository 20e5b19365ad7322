import Foundation

/// The files one command has read, by identity: what a write must never replace.
///
/// Every reader records the files it opens here (`InputFile`, `MappedFile`, `ModelFile`), the
/// model and also every side file it pulls in (a YAML document's `{npy: …}` weights, a data file
/// given to a flag), so a command's writes can refuse all of them without each command listing
/// what its readers happened to open. The CLI opens one ledger for the run of a command
/// (`InputLedger.$current.withValue(InputLedger()) { … }`); `WritePlan` refuses every target
/// that is a file in the current ledger. Outside such a scope nothing is recorded, so a library
/// user that reads `m.yaml` may later write `m.yaml` again.
public final class InputLedger: @unchecked Sendable {
    /// The ledger of the command running on this task (or thread), if any.
    @TaskLocal public static var current: InputLedger?

    private let lock = NSLock()
    private var files: [FileIdentity: String] = [:]

    public init() {}

    /// The paths of the files read so far, as they were named when read.
    public var paths: [String] {
        lock.lock()
        defer { lock.unlock() }
        return files.values.sorted()
    }

    /// Records that `path`, which is the file `identity`, is being read (the first name wins).
    func record(_ identity: FileIdentity, path: String) {
        lock.lock()
        defer { lock.unlock() }
        if files[identity] == nil { files[identity] = path }
    }

    /// The name under which the file `identity` was read, or nil when it was not read.
    func path(of identity: FileIdentity) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return files[identity]
    }

    /// Records `path` in the current ledger, if a command opened one.
    static func recordRead(_ identity: FileIdentity, path: String) {
        current?.record(identity, path: path)
    }
}
