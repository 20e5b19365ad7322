import Foundation
import ImplicitTestSupport
import Testing
@testable import ImplicitFormats
import ImplicitModel

/// A YAML document's `.npy` weights are streamed from their matrices with the bytes of the
/// whole-array encoder (`NPYFile.encode`).
@Suite struct NPYStreamingWriterTests {
    /// Shapes from empty to several 8 MiB bands of the writer.
    @Test(arguments: [(0, 0), (1, 1), (3, 5), (0, 4), (1100, 1000)])
    func streamedFilesEqualTheEncodedArray(rows: Int, cols: Int) throws {
        let directory = try TemporaryDirectory()
        var rng = SeededGenerator(seed: UInt64(rows * 31 + cols))
        let matrix = rng.float32Matrix(rows, cols)
        let file = directory.file("m.npy")
        try NPYFile.write(matrix, toNewFile: file.path, reportedAs: "m.npy")
        let written = try Data(contentsOf: file)
        #expect(written == NPYFile.encode(NumPyArray(matrix: matrix)))
        #expect(try NPYFile.decode(written, file: "m.npy") == NumPyArray(matrix: matrix))
    }

    /// Through the YAML codec: side files as the encoder gave them, and the model back.
    @Test func yamlSideFilesAreStreamed() throws {
        let directory = try TemporaryDirectory()
        var rng = SeededGenerator(seed: 8)
        let big = rng.float32Matrix(300, 260)
        #expect(big.count > YAMLModelWriter.externalThreshold)
        let network = Network(input: Port(name: "u", size: 260),
                              layers: [Layer(name: "h", activation: .relu, terms: [Term(source: "u", weight: big)], bias: rng.float32Vector(300))],
                              output: Readout(name: "y", terms: [Term(source: "h", weight: rng.float32Matrix(2, 300))], bias: rng.float32Vector(2)))
        let file = directory.file("net.yaml")
        try ModelFile.write(.network(network), to: file.path, inputs: [], force: false)
        #expect(try directory.contents() == ["net.h.from.u.npy", "net.yaml"])
        #expect(try Data(contentsOf: directory.file("net.h.from.u.npy")) == NPYFile.encode(NumPyArray(matrix: big)))
        guard case .network(let back) = try ModelFile.read(file.path) else {
            Issue.record("the YAML file must read as a network")
            return
        }
        #expect(back == network)
    }
}
