import Foundation
import Testing
@testable import ImplicitFormats

/// The header parser must refuse hostile or malformed headers with a message, never trap.
struct NumPyHeaderTests {
    static let malformed: [(header: String, message: String)] = [
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (3,)", "unexpected end"),
        ("{'descr': '<f8'}", "missing key 'fortran_order'"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'x': 1}", "unexpected key 'x'"),
        ("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (3,)}", "appears twice"),
        ("['descr']", "not a dictionary"),
        ("{'descr': '<f8', 'fortran_order': 'no', 'shape': (3,)}", "'fortran_order' is a string"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': 3}", "'shape' is an integer, not a tuple"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 'a')}", "element that is a string"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,)}", "too large"),
        ("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2, 2)}", "(2, 2, 2) in Fortran order: arrays of more than 2 dimensions must be in C order"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (\(String(repeating: "1, ", count: 65)))}", "65 dimensions, more than NumPy's 64"),
        ("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (3,)}", "structured dtype"),
        ("{'descr': '<c16', 'fortran_order': False, 'shape': (3,)}", "unsupported dtype '<c16'"),
        ("{'descr': '|f8', 'fortran_order': False, 'shape': (3,)}", "no byte order"),
        ("{'descr': '<f8, 'fortran_order': False}", "unexpected"),
        ("{'descr': '<f8', 'fortran_order': Flase, 'shape': (3,)}", "unexpected 'F'"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (3,)} trailing", "after the dictionary"),
        (String(repeating: "(", count: 100), "nested too deeply"),
        ("", "unexpected end"),
    ]

    @Test(arguments: malformed)
    func refusesMalformedHeader(header: String, message: String) {
        let data = Fixtures.npy(header: header)
        let error = Fixtures.error { try NPYFile.decode(data, file: "X.npy") }
        #expect(error?.location == [.header])
        #expect(error?.message.contains(message) == true, "\(error?.description ?? "no error")")
    }

    @Test func refusesBadPrefix() {
        let good = Fixtures.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", payload: Fixtures.payload([1]))
        #expect(Fixtures.error { try NPYFile.decode(Data("PK\u{3}\u{4}".utf8), file: "X.npy") }?.message.contains("magic") == true)
        var version = good
        version[6] = 9
        #expect(Fixtures.error { try NPYFile.decode(version, file: "X.npy") }?.message.contains("version 9.0") == true)
        var long = good
        long[8] = 0xFF
        long[9] = 0xFF
        #expect(Fixtures.error { try NPYFile.decode(long, file: "X.npy") }?.message.contains("declares 65535 header bytes") == true)
        #expect(Fixtures.error { try NPYFile.decode(good.prefix(9), file: "X.npy") } != nil)
    }

    @Test func acceptsWhatNumPyMayWrite() throws {
        let python2 = Fixtures.npy(header: "{\"descr\": \"<f8\", \"fortran_order\": True, \"shape\": (1L, 2L)}",
                                   payload: Fixtures.payload([1, 2]))
        #expect(try NPYFile.decode(python2, file: "X.npy") == NumPyArray(shape: [1, 2], storage: .float64([1, 2])))
        let scalar = Fixtures.npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", version: 2,
                                  payload: Fixtures.payload([2.5]))
        #expect(try NPYFile.decode(scalar, file: "X.npy") == NumPyArray(shape: [], storage: .float64([2.5])))
    }

    @Test func encodedHeaderMatchesNumPy() {
        let header = NumPyHeader(dtype: .float64, fortranOrder: false, shape: [3, 4]).encoded()
        let text = String(decoding: header.dropFirst(10), as: UTF8.self)
        #expect(header.count == 128)
        #expect(text.hasPrefix("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }"))
        #expect(text.hasSuffix(" \n"))
    }
}
