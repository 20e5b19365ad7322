import Foundation
import Testing
@testable import ImplicitFormats

/// A plan writes all its files or none, never over a file the command read.
struct WritePlanTests {
    @Test func allTargetsAreCheckedBeforeAnyIsWritten() throws {
        let directory = try TemporaryDirectory()
        try Data("old".utf8).write(to: directory.file("doc.yaml"))
        var plan = WritePlan()
        var made: [String] = []
        plan.add(directory.file("doc.A.npy")) { () throws(FormatError) in made.append("side"); return Data([1]) }
        plan.add(directory.file("doc.yaml")) { () throws(FormatError) in made.append("doc"); return Data([2]) }
        let error = Fixtures.error { try plan.commit() }
        #expect(error?.kind == .outputExists && error?.location == [] && error?.message == "already exists")
        #expect(made.isEmpty, "content was made before every target was checked")
        #expect(try directory.contents() == ["doc.yaml"])
        #expect(try Data(contentsOf: directory.file("doc.yaml")) == Data("old".utf8))
    }

    @Test func aFailingTargetRemovesEveryTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        var plan = WritePlan()
        plan.add(directory.file("a.npy")) { () throws(FormatError) in Data([1]) }
        plan.add(directory.file("b.yaml")) { temporary throws(FormatError) in
            try? Data([2]).write(to: temporary)
            throw FormatError(file: "b.yaml", message: "failed")
        }
        #expect(Fixtures.error { try plan.commit() }?.message == "failed")
        #expect(try directory.contents().isEmpty)
    }

    @Test func writesEveryTargetInOrder() throws {
        let directory = try TemporaryDirectory()
        var plan = WritePlan()
        plan.add(directory.file("a.npy")) { () throws(FormatError) in Data([1]) }
        plan.add(directory.file("b.yaml")) { () throws(FormatError) in Data([2]) }
        try plan.commit()
        #expect(try directory.contents() == ["a.npy", "b.yaml"])
        #expect(try Data(contentsOf: directory.file("b.yaml")) == Data([2]))
    }

    @Test func twoTargetsNamingOneFileAreRefused() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.file("sub"), withIntermediateDirectories: false)
        var plan = WritePlan(force: true)
        plan.add(directory.file("a.npy")) { () throws(FormatError) in Data([1]) }
        plan.add(directory.url.appendingPathComponent("sub/../a.npy")) { () throws(FormatError) in Data([2]) }
        #expect(Fixtures.error { try plan.commit() }?.message.contains("which this command also writes") == true)
        #expect(try directory.contents() == ["sub"])
    }

    /// Inside a ledger, a file any reader opened is protected under every name, without being
    /// passed to the writer; outside one (a library user), it may be written again.
    @Test func filesTheLedgerRecordedAreProtectedByIdentity() throws {
        let directory = try TemporaryDirectory()
        let weight = directory.file("w.npy")
        try NPYFile.write(NumPyArray(vector: [1, 2]), to: weight)
        try FileManager.default.createSymbolicLink(at: directory.file("link.npy"), withDestinationURL: weight)
        try FileManager.default.linkItem(at: weight, to: directory.file("hard.npy"))
        try InputLedger.$current.withValue(InputLedger()) {
            _ = try NPYFile.read(weight)
            for name in ["w.npy", "link.npy", "hard.npy"] {
                let error = Fixtures.error { try NPYFile.write(NumPyArray(vector: [3]), to: directory.file(name), force: true) }
                #expect(error?.message == "refusing to overwrite the input file '\(weight.path)'", "\(name)")
            }
        }
        #expect(try NPYFile.read(weight) == NumPyArray(vector: [1, 2]))
        try NPYFile.write(NumPyArray(vector: [3]), to: weight, force: true)
        #expect(try NPYFile.read(weight) == NumPyArray(vector: [3]))
    }

    /// A pipe with no writer would block `open(2)`: every reader refuses it from its type.
    @Test func readersRefuseAPipeWithoutOpeningIt() throws {
        let directory = try TemporaryDirectory()
        for name in ["m.npz", "m.onnx", "m.yaml", "m.pb", "x.npy", "x.csv"] {
            let pipe = directory.file(name)
            #expect(mkfifo(pipe.path, 0o644) == 0)
            let error = Fixtures.error {
                if name.hasPrefix("x") { _ = try DataFile.read(pipe.path) } else { _ = try ModelFile.read(pipe.path) }
            }
            #expect(error?.message == "is a pipe, not a file (it would block or never end)", "\(name): \(String(describing: error))")
        }
        #expect(Fixtures.error { _ = try ModelFile.read("/dev/zero.npz") }?.message == "no such file")
        let device = directory.file("zero.npz")
        try FileManager.default.createSymbolicLink(atPath: device.path, withDestinationPath: "/dev/zero")
        #expect(Fixtures.error { _ = try ModelFile.read(device.path) }?.message == "is a device or socket, not a regular file")
    }
}
