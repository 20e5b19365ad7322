import Foundation

/// NumPy `.npz` archives: a zip file of `.npy` members, as `np.savez` and `np.savez_compressed`
/// write them (stored or deflated).
///
/// Reading (`ZIPArchive`, `ZIPMemberExtractor`) checks every offset and size in the archive
/// against the bytes present, and is guarded against zip bombs: the uncompressed sizes the
/// archive declares are checked against a byte budget before anything is decompressed, and
/// decompression stops as soon as a member produces more bytes than it declared. Writing
/// (`ZIPStreamWriter`) streams each member into the file as it is produced.
public enum NPZFile {
    /// The default budget for the uncompressed bytes of the members read from one archive:
    /// `MemoryLimit.default` (8 GiB, the size of a dense A of 32768 states, the largest model
    /// docs/benchmarks.md measures).
    public static let defaultMaxBytes = MemoryLimit.defaultBytes

    /// A fixed modification time for the members we write (2000-01-01T00:00:00Z), so that the
    /// same arrays always give the same bytes.
    static let memberDate = Date(timeIntervalSince1970: 946_684_800)

    /// Reads the members of an archive, keyed by array name (the member path without `.npy`).
    ///
    /// The archive is mapped, not read: only the members asked for are touched.
    /// - Parameters:
    ///   - names: the arrays to read; others are not decompressed. nil reads every member.
    ///   - maxBytes: the budget for the declared uncompressed size of all members read.
    /// - Throws: `FormatError` naming the file and member: not a zip archive, a damaged
    ///   directory, duplicate members, a member over the budget or larger than declared, a CRC
    ///   mismatch, or any NPY fault.
    public static func read(_ url: URL, names: Set<String>? = nil,
                            maxBytes: Int = defaultMaxBytes) throws(FormatError) -> [String: NumPyArray] {
        try InputFile.checkReadable(url)
        let mapped = try MappedFile(path: url.path)
        // The mapping must outlive every use of its bytes (ARC may release it after last use).
        return try withExtendedLifetime(mapped) { () throws(FormatError) in
            try read(mapped.bytes, file: url.relativePath, names: names, maxBytes: maxBytes)
        }
    }

    /// Reads the members of an archive held in memory; `file` names it in errors.
    /// - Throws: as `read(_:names:maxBytes:)`.
    public static func read(data: Data, file: String, names: Set<String>? = nil,
                            maxBytes: Int = defaultMaxBytes) throws(FormatError) -> [String: NumPyArray] {
        let result: Result<[String: NumPyArray], FormatError> = data.withUnsafeBytes { bytes in
            Result { () throws(FormatError) in try read(bytes, file: file, names: names, maxBytes: maxBytes) }
        }
        return try result.get()
    }

    private static func read(_ bytes: UnsafeRawBufferPointer, file: String, names: Set<String>?,
                             maxBytes: Int) throws(FormatError) -> [String: NumPyArray] {
        let archive = try ZIPArchive(bytes: bytes, file: file)
        var members: [String: ZIPArchive.Member] = [:]
        for member in archive.members where !member.isDirectory {
            let name = member.name.hasSuffix(".npy") ? String(member.name.dropLast(4)) : member.name
            guard members.updateValue(member, forKey: name) == nil else {
                throw FormatError(file: file, location: [.member(name)], message: "appears twice in the archive")
            }
        }
        var budget = UInt64(max(0, maxBytes))
        var arrays: [String: NumPyArray] = [:]
        for (name, member) in members.sorted(by: { $0.key < $1.key }) where names?.contains(name) ?? true {
            let failure = { (message: String) in FormatError(file: file, location: [.member(name)], message: message) }
            guard member.declaredSize <= budget else {
                throw failure("declares \(member.declaredSize) bytes uncompressed, over the limit of \(maxBytes) bytes for the archive")
            }
            budget -= member.declaredSize
            let data = try ZIPMemberExtractor.extract(member, from: bytes, failure: failure)
            arrays[name] = try NPYFile.decode(data, file: file, member: name)
        }
        return arrays
    }

    /// Writes arrays as an uncompressed archive (as `np.savez`), atomically.
    /// - Parameters:
    ///   - arrays: names (without `.npy`) and arrays, written in this order.
    ///   - inputs: files that must not be overwritten.
    ///   - force: replace an existing file.
    /// - Throws: `FormatError` naming the file.
    public static func write(_ arrays: [(name: String, array: NumPyArray)], to url: URL,
                             refusingToOverwrite inputs: [URL] = [], force: Bool = false) throws(FormatError) {
        try write(arrays.map { NPZMember(name: $0.name, array: $0.array) }, to: url,
                  refusingToOverwrite: inputs, force: force)
    }

    static func write(_ members: [NPZMember], to url: URL, refusingToOverwrite inputs: [URL],
                      force: Bool, limits: ZIPStreamWriter.Limits = ZIPStreamWriter.Limits()) throws(FormatError) {
        let file = url.relativePath
        try AtomicFileWriter.write(to: url, refusingToOverwrite: inputs, force: force) { temporary throws(FormatError) in
            let archive = try ZIPStreamWriter(path: temporary.path, reportedAs: file, limits: limits)
            for member in members {
                try archive.addMember(member.name + ".npy", size: member.byteCount) { archive throws(FormatError) in
                    try member.write(into: archive)
                }
            }
            try archive.finish()
        }
    }
}
