import Foundation
import ZIPFoundation

/// NumPy `.npz` archives: a zip file of `.npy` members, as `np.savez` and `np.savez_compressed`
/// write them (stored or deflated).
///
/// Reading is guarded against zip bombs: the uncompressed sizes the archive declares are
/// checked against a byte budget before anything is decompressed, and decompression stops as
/// soon as a member produces more bytes than it declared.
public enum NPZFile {
    /// The default budget for the uncompressed bytes of the members read from one archive:
    /// `MemoryLimit.default` (8 GiB, the size of a dense A of 32768 states, the largest model
    /// the brief expects).
    public static let defaultMaxBytes = MemoryLimit.defaultBytes

    /// A fixed modification time for the members we write (2000-01-01T00:00:00Z), so that the
    /// same arrays always give the same bytes.
    static let memberDate = Date(timeIntervalSince1970: 946_684_800)

    /// Reads the members of an archive, keyed by array name (the member path without `.npy`).
    /// - Parameters:
    ///   - names: the arrays to read; others are not decompressed. nil reads every member.
    ///   - maxBytes: the budget for the declared uncompressed size of all members read.
    /// - Throws: `FormatError` naming the file and member: not a zip archive, duplicate
    ///   members, a member over the budget or larger than declared, a CRC mismatch, or any
    ///   NPY fault.
    public static func read(_ url: URL, names: Set<String>? = nil,
                            maxBytes: Int = defaultMaxBytes) throws(FormatError) -> [String: NumPyArray] {
        let file = url.relativePath
        try InputFile.checkReadable(url)
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw FormatError(file: file, message: "is not a zip archive (NPZ): \(error)")
        }
        return try read(archive, file: file, names: names, maxBytes: maxBytes)
    }

    /// Reads the members of an archive held in memory; `file` names it in errors.
    ///
    /// The bytes go through a temporary file, read as any archive on disk: ZIPFoundation's
    /// in-memory archives (`Archive(data:)`) trap when a header points past the end of the data
    /// (found by fuzzing; `MemoryFile.readData` in ZIPFoundation 0.9.20).
    /// - Throws: as `read(_:names:maxBytes:)`.
    public static func read(data: Data, file: String, names: Set<String>? = nil,
                            maxBytes: Int = defaultMaxBytes) throws(FormatError) -> [String: NumPyArray] {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("implicit-\(UUID().uuidString).npz")
        do {
            try data.write(to: temporary, options: .withoutOverwriting)
        } catch {
            throw FormatError(file: file, message: "cannot be staged in a temporary file: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: temporary) }
        let archive: Archive
        do {
            archive = try Archive(url: temporary, accessMode: .read)
        } catch {
            throw FormatError(file: file, message: "is not a zip archive (NPZ): \(error)")
        }
        return try read(archive, file: file, names: names, maxBytes: maxBytes)
    }

    private static func read(_ archive: Archive, file: String, names: Set<String>?,
                             maxBytes: Int) throws(FormatError) -> [String: NumPyArray] {
        var entries: [String: Entry] = [:]
        for entry in archive where entry.type == .file {
            let name = entry.path.hasSuffix(".npy") ? String(entry.path.dropLast(4)) : entry.path
            guard entries.updateValue(entry, forKey: name) == nil else {
                throw FormatError(file: file, location: [.member(name)], message: "appears twice in the archive")
            }
        }
        var budget = max(0, maxBytes)
        var arrays: [String: NumPyArray] = [:]
        for (name, entry) in entries.sorted(by: { $0.key < $1.key }) where names?.contains(name) ?? true {
            let data = try extract(entry, from: archive, budget: &budget, limit: maxBytes,
                                   failure: { FormatError(file: file, location: [.member(name)], message: $0) })
            arrays[name] = try NPYFile.decode(data, file: file, member: name)
        }
        return arrays
    }

    private static func extract(_ entry: Entry, from archive: Archive, budget: inout Int, limit: Int,
                                failure: (String) -> FormatError) throws(FormatError) -> Data {
        let declared = entry.uncompressedSize
        guard declared <= UInt64(budget) else {
            throw failure("declares \(declared) bytes uncompressed, over the limit of \(limit) bytes for the archive")
        }
        budget -= Int(declared)
        let expected = Int(declared)
        var data = Data()
        data.reserveCapacity(min(expected, 1 << 26))  // the declared size may lie; grow beyond 64 MiB
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                guard chunk.count <= expected - data.count else {
                    throw failure("decompresses to more than the \(expected) bytes it declares")
                }
                data.append(chunk)
            }
        } catch let error as FormatError {
            throw error
        } catch {
            throw failure("cannot be extracted: \(error)")
        }
        guard data.count == expected else { throw failure("holds \(data.count) bytes but declares \(expected)") }
        guard checksum == entry.checksum else { throw failure("is corrupt (CRC-32 mismatch)") }
        return data
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
                      force: Bool) throws(FormatError) {
        let file = url.relativePath
        try AtomicFileWriter.write(to: url, refusingToOverwrite: inputs, force: force) { temporary throws(FormatError) in
            do {
                let archive = try Archive(url: temporary, accessMode: .create)
                for member in members {
                    let reader = member.makeChunkReader()
                    try archive.addEntry(with: member.name + ".npy", type: .file,
                                         uncompressedSize: Int64(member.byteCount), modificationDate: memberDate,
                                         compressionMethod: .none) { position, size in reader(Int(position), size) }
                }
            } catch {
                throw FormatError(file: file, message: "cannot write the archive: \(error)")
            }
        }
    }
}
