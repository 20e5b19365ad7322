import Testing
@testable import ImplicitFormats

/// Every refusal names the file and the line and column of the node at fault.
@Suite struct YAMLErrorTests {
    static func error(_ text: String) -> String {
        do {
            _ = try YAMLModelReader(file: "m.yaml").read(text)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    static let header = "kind: network\ninput: {name: u, size: 2}\n"

    @Test func unknownKeyIsNamedWithItsPlace() {
        #expect(Self.error(Self.header + "layerz: []\n") .hasPrefix("m.yaml:3:1: unknown key 'layerz'"))
    }

    @Test func wrongShapeNamesTheWeight() {
        let text = Self.header + """
        layers:
          - name: h
            activation: relu
            inputs: [{from: u, weight: [[1, 2, 3]]}]
            bias: [0]
        output: {name: y, inputs: [{from: h, weight: [[1]]}], bias: [0]}
        """
        #expect(Self.error(text) == "m.yaml:6:32: the weight from 'u' into 'h' is 1×3, expected 1×2")
    }

    @Test func raggedRowsAreRefused() {
        let text = Self.header + "layers: []\noutput: {name: y, inputs: [{from: u, weight: [[1, 2], [3]]}], bias: [0, 0]}\n"
        #expect(Self.error(text).hasPrefix("m.yaml:4:55: row 1 has 1 values"))
    }

    @Test func danglingReferenceAndCycle() {
        let dangling = Self.header + "layers:\n  - {name: h, activation: relu, inputs: [{from: ghost, weight: [[1]]}], bias: [0]}\noutput: {name: y, bias: [0]}\n"
        #expect(Self.error(dangling) == "m.yaml:4:49: 'h' reads 'ghost', which is neither the input nor a layer")
        let cycle = Self.header + """
        layers:
          - {name: a, activation: relu, inputs: [{from: b, weight: [[1]]}], bias: [0]}
          - {name: b, activation: relu, inputs: [{from: a, weight: [[1]]}], bias: [0]}
        output: {name: y, inputs: [{from: b, weight: [[1]]}], bias: [0]}
        """
        #expect(Self.error(cycle) == "m.yaml:4:5: the layers form a cycle: a → b → a")
    }

    @Test func badValuesAndNames() {
        #expect(Self.error(Self.header + "layers:\n  - {name: h, activation: swash, bias: [0]}\noutput: {name: y, bias: [0]}\n")
            .hasPrefix("m.yaml:4:27: unknown activation 'swash'"))
        #expect(Self.error(Self.header + "layers:\n  - {name: h, activation: relu, bias: [.nan]}\noutput: {name: y, bias: [0]}\n")
            == "m.yaml:4:39: the bias of 'h' contains NaN or infinity")
        #expect(Self.error(Self.header + "layers:\n  - {name: u, activation: relu, bias: [0]}\noutput: {name: y, bias: [0]}\n")
            == "m.yaml:4:5: the name 'u' is used twice")
        #expect(Self.error("kind: implicit\ninput: {name: u, size: -3}\n").hasPrefix("m.yaml:2:24: size -3 is outside"))
        #expect(Self.error("kind: banana\n") == "m.yaml:1:7: unknown kind 'banana'; expected 'network' or 'implicit'")
    }

    @Test func syntaxErrorsKeepTheirPlace() {
        #expect(Self.error("kind: network\ninput: {name: u, size: 2\n").hasPrefix("m.yaml:3:1: YAML syntax:"))
        #expect(Self.error("") == "m.yaml: the document is empty")
    }

    @Test func aliasBombIsRefusedQuickly() {
        // One row of 1000 numbers referenced 2000 times: 12 kB of text, 2 million numbers.
        let row = "&r [" + Array(repeating: "1", count: 1000).joined(separator: ", ") + "]"
        let text = "kind: implicit\ninput: {name: u, size: 1000}\noutput: {name: y, size: 2000}\nstates: []\nD: ["
            + row + String(repeating: ", *r", count: 1999) + "]\n"
        #expect(Self.error(text).contains("aliases expand the document"))
    }

    @Test func deepNestingIsRefusedBeforeParsing() {
        let text = "kind: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        #expect(Self.error(text).contains("nested more than 64 levels"))
    }
}
