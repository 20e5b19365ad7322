import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel

/// Every size, index and name read from a protobuf file is checked, and errors name the path.
struct ProtobufValidationTests {
    static let header = """
    implicit {
      input { name: "x" size: 2 }
      output { name: "y" size: 1 }
      states { name: "s" size: 2 activation { kind: RELU } }

    """

    func error(_ body: String, limits: ProtobufReadLimits = ProtobufReadLimits()) throws -> String {
        let error = try #require(throws: FormatError.self) {
            try ProtobufModelReader(file: "m.txtpb", limits: limits).read(text: Self.header + body + "\n}")
        }
        return error.description
    }

    @Test func denseCountMustMatchTheShape() throws {
        let message = try error(#"a { row_state: "s" col_state: "s" values { dense { rows: 2 cols: 2 values: [1, 2, 3] } } }"#)
        #expect(message == "m.txtpb: implicit.a[0].values.dense.values: has 3 values, expected 2×2 = 4")
    }

    @Test func sparseIndicesInRangeAndUnique() throws {
        #expect(try error(#"b { row_state: "s" values { sparse { rows: 2 cols: 2 row_indices: [0, 2] col_indices: [0, 1] values: [1, 2] } } }"#)
            == "m.txtpb: implicit.b[0].values.sparse.row_indices[1]: row 2 is out of range 0..<2")
        #expect(try error(#"b { row_state: "s" values { sparse { rows: 2 cols: 2 row_indices: [1, 1] col_indices: [0, 0] values: [1, 2] } } }"#)
            == "m.txtpb: implicit.b[0].values.sparse.values[1]: entry (1, 0) is given twice")
        #expect(try error(#"b { row_state: "s" values { sparse { rows: 2 cols: 2 row_indices: [1] col_indices: [0, 1] values: [1] } } }"#)
            .contains("row_indices, col_indices and values have 1, 2 and 1 entries"))
    }

    @Test func namesAndRoles() throws {
        #expect(try error(#"c { col_state: "t" values { dense { rows: 1 cols: 2 values: [1, 2] } } }"#)
            == "m.txtpb: implicit.c[0].col_state: no state block named 't'")
        #expect(try error(#"b { row_state: "s" col_state: "s" values { dense { rows: 2 cols: 2 values: [1, 2, 3, 4] } } }"#)
            .contains("implicit.b[0].col_state: must be empty"))
        #expect(try error(#"states { name: "s" size: 1 activation { kind: TANH } }"#).contains("implicit.states[1].name: the name 's' is used twice"))
        #expect(try error(#"states { name: "t" size: 1 activation { } }"#).contains("implicit.states[1].activation.kind: is ACTIVATION_UNSPECIFIED"))
        #expect(try error(#"a { row_state: "s" col_state: "s" values { dense { rows: 3 cols: 2 values: [1, 2, 3, 4, 5, 6] } } }"#)
            .contains("implicit.a[0].values.dense: is 3×2, expected 2×2"))
    }

    @Test func sizesAreCheckedBeforeAllocating() throws {
        // A 4-byte size field must not make the reader allocate its zero bias.
        #expect(try error(#"states { name: "big" size: 1000000000000 activation { kind: RELU } }"#)
            .contains("implicit.states[1].size: size 1000000000000 exceeds the reader's limit"))
        // Within the per-dimension limit, a sparse block still reserves rows × cols first.
        let limits = ProtobufReadLimits(maximumDimension: 1 << 24, maximumImpliedElements: 1000)
        let text = Self.header + #"states { name: "w" size: 100 activation { kind: RELU } } a { row_state: "w" col_state: "w" values { sparse { rows: 100 cols: 100 } } }"# + "\n}"
        let refusal = try #require(throws: FormatError.self) { try ProtobufModelReader(file: "m.txtpb", limits: limits).read(text: text) }
        #expect(refusal.location == [.path("implicit.a[0].values.sparse")])
        guard case .exceedsMemoryLimit(let shortfall) = refusal.kind else {
            Issue.record("not a memory refusal: \(refusal)")
            return
        }
        #expect(shortfall.request == .matrix(rows: 100, cols: 100) && shortfall.limit == MemoryLimit(bytes: 8000))
        #expect(refusal.message.hasPrefix("would need 100×100 = 10000 doubles"))
    }

    @Test func malformedFiles() throws {
        #expect(throws: FormatError.self) { try ProtobufModelReader(file: "m.pb").read(binary: Data([0x0A, 0xFF, 0x01])) }
        let empty = try #require(throws: FormatError.self) { try ProtobufModelReader(file: "m.pb").read(binary: Data()) }
        #expect(empty.description == "m.pb: model: sets neither 'network' nor 'implicit'")
        let network = try #require(throws: FormatError.self) {
            try ProtobufModelReader(file: "n.txtpb").read(text: #"network { input { name: "x" size: 1 } layers { name: "h" size: 1 activation { kind: RELU } terms { source: "g" } } output { name: "y" size: 1 } }"#)
        }
        #expect(network.description == "n.txtpb: network.layers[0].terms[0].source: 'h' reads 'g', which is neither the input nor a layer")
    }
}
