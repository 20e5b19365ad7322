import Foundation
import Testing
@testable import ImplicitFormats

struct AtomicFileWriterTests {
    @Test func writesAndRefusesToOverwriteWithoutForce() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("out.bin")
        try AtomicFileWriter.write(Data([1]), to: url)
        let error = Fixtures.error { try AtomicFileWriter.write(Data([2]), to: url) }
        #expect(error?.kind == .outputExists && error?.location == [] && error?.message == "already exists")
        #expect(try Data(contentsOf: url) == Data([1]))
        try AtomicFileWriter.write(Data([3]), to: url, force: true)
        #expect(try Data(contentsOf: url) == Data([3]))
        #expect(try directory.contents() == ["out.bin"])
    }

    @Test func neverOverwritesAnInputEvenWithForce() throws {
        let directory = try TemporaryDirectory()
        let input = directory.file("model.npz")
        try Data([1]).write(to: input)
        let spelled = directory.url.appendingPathComponent("sub/../model.npz")
        try FileManager.default.createDirectory(at: directory.file("sub"), withIntermediateDirectories: false)
        let link = directory.file("link.npz")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: input)
        for target in [input, spelled, link] {
            let error = Fixtures.error { try AtomicFileWriter.write(Data([2]), to: target, refusingToOverwrite: [input], force: true) }
            #expect(error?.message.contains("refusing to overwrite the input file") == true)
        }
        #expect(try Data(contentsOf: input) == Data([1]))
    }

    @Test func missingDirectoryIsNamed() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/out.npy")
        let error = Fixtures.error { try AtomicFileWriter.write(Data(), to: url) }
        #expect(error?.message.contains("the output directory '\(url.deletingLastPathComponent().path)' does not exist") == true)
    }

    @Test func failedWriteLeavesNothingBehind() throws {
        let directory = try TemporaryDirectory()
        let error = Fixtures.error {
            try AtomicFileWriter.write(to: directory.file("x.npz")) { temporary throws(FormatError) in
                try? Data([1]).write(to: temporary)
                throw FormatError(file: "x.npz", message: "failed")
            }
        }
        #expect(error?.message == "failed")
        #expect(try directory.contents().isEmpty)
    }

    @Test func npzWriteGoesThroughTheSameChecks() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("m.npz")
        try NPZFile.write([("x", NumPyArray(vector: [1]))], to: url)
        let error = Fixtures.error { try NPZFile.write([("x", NumPyArray(vector: [2]))], to: url) }
        #expect(error?.kind == .outputExists)
        #expect(try NPZFile.read(url)["x"] == NumPyArray(vector: [1]))
    }
}
