import Foundation
import Testing
@testable import ImplicitFormats
import Linalg
import ImplicitTestSupport

/// Reading NumPy-written fixtures and round-tripping our own files.
struct NPYFileTests {
    /// x = arange(12).reshape(3, 4) / 8 - 0.5, as in make_fixtures.py.
    static let expected = (0..<12).map { Double($0) / 8 - 0.5 }

    @Test(arguments: ["f8_c_v1.npy", "f8_c_v2.npy", "f8_c_v3.npy"])
    func readsEveryHeaderVersion(name: String) throws {
        let array = try NPYFile.read(Fixtures.url(name))
        #expect(array.shape == [3, 4])
        #expect(array.storage == .float64(NPYFileTests.expected))
    }

    @Test func dataMatrixHasOneSamplePerColumnWithoutTranspose() throws {
        let m = try NPYFile.readMatrix(Fixtures.url("f8_c_v1.npy"))
        #expect(m.rows == 4 && m.cols == 3)
        #expect(m.column(1) == Array(NPYFileTests.expected[4..<8]))  // sample 1 = row 1 of the file
    }

    @Test func fortranOrderFloat32IsReadInCOrder() throws {
        let array = try NPYFile.read(Fixtures.url("f4_fortran.npy"))
        #expect(array.shape == [2, 3])
        #expect(array.storage == .float64([1.5, -2.25, 3.0, 4.0, 5.5, -6.125]))
    }

    @Test func integerAndBooleanDtypes() throws {
        #expect(try NPYFile.read(Fixtures.url("i8_1d.npy")).storage == .int64([3, -1, 4, 1 << 40]))
        let i4 = try NPYFile.read(Fixtures.url("i4_2d.npy"))
        #expect(i4.shape == [2, 2] && i4.doubles == [1, 2, 3, -4])
        #expect(try NPYFile.read(Fixtures.url("u1_1d.npy")).storage == .int64([0, 255, 7]))
        #expect(try NPYFile.read(Fixtures.url("b1_1d.npy")).storage == .int64([1, 0, 1]))
    }

    @Test func unicodeStrings() throws {
        let scalar = try NPYFile.read(Fixtures.url("U_0d.npy"))
        #expect(scalar.shape == [] && scalar.strings == ["softmax"])
        let vector = try NPYFile.read(Fixtures.url("U_1d_v3.npy"))
        #expect(vector.strings == ["relu", "leaky_relu:0.1", "tänh", "\u{1F600}"])
    }

    @Test func refusesBigEndianAndObjectArrays() {
        let bigEndian = Fixtures.error { try NPYFile.read(Fixtures.url("f8_be.npy")) }
        #expect(bigEndian?.location == [.header])
        #expect(bigEndian?.description.contains("big-endian dtype '>f8'") == true)
        let object = Fixtures.error { try NPYFile.read(Fixtures.url("object.npy")) }
        #expect(object?.description.contains("object arrays") == true)
        #expect(object?.file.hasSuffix("object.npy") == true)
    }

    @Test func refusesTruncatedData() throws {
        let bytes = try Fixtures.bytes("f8_c_v1.npy")
        let error = Fixtures.error { try NPYFile.decode(bytes.dropLast(5), file: "X.npy") }
        #expect(error?.description == "X.npy: header promises 96 bytes of data (shape (3, 4) of '<f8') but the file holds 91")
        let trailing = Fixtures.error { try NPYFile.decode(bytes + Data([0]), file: "X.npy") }
        #expect(trailing?.description == "X.npy: has 1 bytes after the data of shape (3, 4)")
    }

    /// A header promising 10¹² elements over 16 bytes must fail before allocating anything.
    @Test func refusesHeaderLyingAboutShape() {
        let lying = Fixtures.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }",
                                 payload: Fixtures.payload([1, 2]))
        let error = Fixtures.error { try NPYFile.decode(lying, file: "X.npy") }
        #expect(error?.message.contains("promises 8000000000000 bytes") == true)
        let overflow = Fixtures.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }")
        #expect(Fixtures.error { try NPYFile.decode(overflow, file: "X.npy") }?.description
            == "X.npy: header: 'shape' (4611686018427387904, 4) overflows")
        let strings = Fixtures.npy(header: "{'descr': '<U2305843009213693952', 'fortran_order': False, 'shape': (1,), }")
        #expect(Fixtures.error { try NPYFile.decode(strings, file: "X.npy") }?.location == [.header])
    }

    @Test func memberNameAppearsInErrors() {
        let bad = Fixtures.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (-3,), }")
        let error = Fixtures.error { try NPYFile.decode(bad, file: "model.npz", member: "A") }
        #expect(error?.description == "model.npz: member 'A': header: 'shape' has a negative dimension (-3)")
    }

    @Test func writtenFilesRoundTrip() throws {
        var rng = SeededGenerator(seed: 7)
        let values = (0..<15).map { _ in Double.random(in: -1e6...1e6, using: &rng) } + [0, -0.0, .infinity, .leastNonzeroMagnitude]
        let arrays = [
            NumPyArray(vector: values),
            NumPyArray(shape: [0, 3], storage: .float64([])),
            NumPyArray(shape: [2, 2], storage: .int64([Int64.min, -1, 0, Int64.max])),
            NumPyArray(scalar: "none"),
            NumPyArray(strings: ["relu", "", "leaky_relu:0.01", "é\u{1F600}"]),
        ]
        for array in arrays {
            let data = NPYFile.encode(array)
            let headerEnd = data.firstIndex(of: 0x0A).map { $0 + 1 }
            #expect(headerEnd.map { $0 % 64 == 0 } == true, "data starts 64-byte aligned")
            #expect(try NPYFile.decode(data, file: "mem.npy") == array)
        }
    }

    /// Y of q outputs for m samples is the q × m matrix; the file must have NumPy shape (m, q).
    @Test func writeMatrixStoresSamplesAsRows() throws {
        let directory = try TemporaryDirectory()
        let y = Matrix([[1, 2, 3], [4, 5, 6]])  // q = 2 outputs, m = 3 samples
        try NPYFile.writeMatrix(y, to: directory.file("Y.npy"))
        let array = try NPYFile.read(directory.file("Y.npy"))
        #expect(array.shape == [3, 2])
        #expect(array.doubles == [1, 4, 2, 5, 3, 6])
        #expect(try NPYFile.readMatrix(directory.file("Y.npy")) == y)
    }

    @Test func dataMatrixRefusesOtherShapes() throws {
        let error = Fixtures.error { try NPYFile.dataMatrix(from: NumPyArray(vector: [1, 2]), file: "X.npy") }
        #expect(error?.message.contains("not 2-d") == true)
        #expect(Fixtures.error { try NPYFile.readMatrix(Fixtures.url("missing.npy")) }?.message == "no such file")
    }
}
