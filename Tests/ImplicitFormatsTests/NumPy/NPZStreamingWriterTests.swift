import Foundation
import ImplicitTestSupport
import Testing
import ZIPFoundation
@testable import ImplicitFormats
import ImplicitModel

/// The NPZ writer streams each member from the model's blocks into the archive, with the bytes
/// ZIPFoundation wrote for the same arrays when this package used it (whole arrays, in order).
@Suite struct NPZStreamingWriterTests {
    /// A chain x₂ = φ(A₂₁x₁ + …), x₃ = φ(A₃₂x₂), with the zero blocks left out of A: the
    /// 2500-wide block row has zero runs long enough to become holes, and its block is
    /// written in several bands (`BlockSparseRowStream.bandBytes`).
    static func model() throws -> ImplicitModel {
        var rng = SeededGenerator(seed: 4242)
        let blocks = [StateBlock(name: "first", size: 600, activation: .relu),
                      StateBlock(name: "wide", size: 2500, activation: .relu),
                      StateBlock(name: "last", size: 3, activation: .tanh)]
        var model = ImplicitModel.Builder(input: Port(name: "u", size: 7), output: Port(name: "y", size: 2), head: .softmax, states: blocks)
        model.b[0, 0] = rng.uniform(600, 7, lo: -1, hi: 1)
        model.a[1, 0] = rng.uniform(2500, 600, lo: -1, hi: 1)
        model.a[2, 1] = rng.uniform(3, 2500, lo: -1, hi: 1)
        model.c[0, 2] = rng.uniform(2, 3, lo: -1, hi: 1)
        model.d = rng.uniform(2, 7, lo: -1, hi: 1)
        model.biasX = rng.uniform(model.biasX.count, 1, lo: -1, hi: 1).columnMajorElements
        model.biasY = [0.5, -0.5]
        #expect(2500 * 8 >= ZIPStreamWriter.holeThreshold)
        #expect(2500 * 600 * 8 > 2 * BlockSparseRowStream.bandBytes)
        return try model.build()
    }

    /// The arrays of the layout on `NPZModelCodec`, in the order the writer adds them, dense.
    static func arrays(_ model: ImplicitModel) -> [(String, NumPyArray)] {
        [("A", NumPyArray(matrix: model.a.dense())), ("B", NumPyArray(matrix: model.b.dense())),
         ("C", NumPyArray(matrix: model.c.dense())), ("D", NumPyArray(matrix: model.d)),
         ("bias_x", NumPyArray(vector: model.biasX)), ("bias_y", NumPyArray(vector: model.biasY)),
         ("activation", NumPyArray(strings: (model.stateActivations ?? []).map(\.name))),
         ("head", NumPyArray(scalar: model.head.rawValue)),
         ("state_block_sizes", NumPyArray(shape: [model.states.count], storage: .int64(model.stateSizes.map { Int64($0) }))),
         ("state_block_names", NumPyArray(strings: model.states.map(\.name))),
         ("input_name", NumPyArray(scalar: model.input.name)), ("output_name", NumPyArray(scalar: model.output.name))]
    }

    /// The archive ZIPFoundation 0.9.20 writes for `arrays`, as `NPZFile.write` called it.
    static func zipFoundationArchive(_ arrays: [(String, NumPyArray)], at url: URL) throws -> Data {
        let archive = try Archive(url: url, accessMode: .create)
        for (name, array) in arrays {
            let data = NPYFile.encode(array)
            try archive.addEntry(with: name + ".npy", type: .file, uncompressedSize: Int64(data.count),
                                 modificationDate: NPZFile.memberDate, compressionMethod: .none) { position, size in
                data.subdata(in: Int(position)..<min(Int(position) + size, data.count))
            }
        }
        return try Data(contentsOf: url)
    }

    @Test func modelArchivesAreByteIdenticalToZIPFoundations() throws {
        let directory = try TemporaryDirectory()
        let model = try Self.model()
        try NPZModelCodec.write(model, to: directory.file("m.npz"))
        let streamed = try Data(contentsOf: directory.file("m.npz"))
        let reference = try Self.zipFoundationArchive(Self.arrays(model), at: directory.file("reference.npz"))
        #expect(streamed.count == reference.count)
        #expect(streamed == reference)
        #expect(try NPZModelCodec.read(directory.file("m.npz")) == model)
    }

    @Test func arrayArchivesAreByteIdenticalToZIPFoundations() throws {
        let directory = try TemporaryDirectory()
        let arrays: [(String, NumPyArray)] = [("empty", NumPyArray(vector: [])), ("x", NumPyArray(vector: [1, 2, 3])),
                                              ("names", NumPyArray(strings: ["a", "bcd"]))]
        try NPZFile.write(arrays.map { (name: $0.0, array: $0.1) }, to: directory.file("a.npz"))
        let reference = try Self.zipFoundationArchive(arrays, at: directory.file("reference.npz"))
        #expect(try Data(contentsOf: directory.file("a.npz")) == reference)
    }

    /// With the ZIP64 limits lowered, every member has ZIP64 sizes, the later ones ZIP64
    /// offsets, and the directory a ZIP64 end record: the archive reads back exactly.
    @Test func zip64RecordsReadBack() throws {
        let directory = try TemporaryDirectory()
        let model = try Self.model()
        let members = Self.arrays(model).map { NPZMember(name: $0.0, array: $0.1) }
        let limits = ZIPStreamWriter.Limits(size: 100, offset: 20_000, entries: 5)
        try NPZFile.write(members, to: directory.file("z.npz"), refusingToOverwrite: [], force: false, limits: limits)
        let bytes = try Data(contentsOf: directory.file("z.npz"))
        let archive = try bytes.withUnsafeBytes { try ZIPArchive(bytes: $0, file: "z.npz") }
        #expect(archive.members.map(\.name) == Self.arrays(model).map { $0.0 + ".npy" })
        // The ZIP64 end record and its locator sit just before the 22-byte end record.
        let locator = bytes.count - 22 - 20
        #expect(Array(bytes[locator..<(locator + 4)]) == [0x50, 0x4B, 0x06, 0x07])
        let read = try NPZFile.read(directory.file("z.npz"))
        for (name, array) in Self.arrays(model) { #expect(read[name] == array, "member \(name)") }
    }

    /// crc(0ⁿ) by combination equals the CRC of n zero bytes; the standard check value holds.
    @Test func crcOfZeroRunsMatchesTheBytes() {
        var check = CRC32()
        let digits = Array("123456789".utf8)
        digits.withUnsafeBytes { check.update($0.baseAddress!, count: $0.count) }
        #expect(check.value == 0xCBF4_3926)
        for n in [0, 1, 2, 3, 7, 4096, 16_385, 100_003] {
            var combined = check, direct = check
            combined.updateZeros(n)
            let zeros = [UInt8](repeating: 0, count: n)
            zeros.withUnsafeBytes { if let base = $0.baseAddress { direct.update(base, count: n) } }
            #expect(combined.value == direct.value, "n = \(n)")
        }
    }
}
