import Foundation
import Testing
import ImplicitModel
@testable import ImplicitFormats
import ImplicitTestSupport

/// Large matrices go to .npy files next to the YAML document and come back exactly.
@Suite struct YAMLExternalWeightsTests {
    @Test func largeWeightsRoundTripThroughNpyFiles() throws {
        var rng = SeededGenerator(seed: 77)
        let directory = try TemporaryDirectory()
        let network = Network(
            input: Port(name: "u", size: 300),
            layers: [Layer(name: "h", activation: .relu, terms: [Term(source: "u", weight: rng.matrix(260, 300))], bias: rng.vector(260))],
            output: Readout(name: "y", terms: [Term(source: "h", weight: rng.matrix(2, 260))], bias: [0, 1]))
        let path = directory.file("net.yaml").path
        try ModelFile.write(.network(network), to: path, inputs: [], force: false)
        let files = try directory.contents()
        #expect(files == ["net.h.from.u.npy", "net.yaml"])
        guard case .network(let back) = try ModelFile.read(path) else { Issue.record("kind"); return }
        #expect(back == network)

        let implicitPath = directory.file("imp.yaml").path
        try ModelFile.write(.network(network), to: implicitPath, form: .implicit, inputs: [path], force: false)
        #expect(try ModelFile.read(implicitPath).implicitModel() == ImplicitModel(assembling: network))
    }

    @Test func referencesOutsideTheFolderAreRefused() throws {
        let text = "kind: network\ninput: {name: u, size: 1}\nlayers: []\noutput: {name: y, size: 1, inputs: [{from: u, weight: {npy: ../../etc/w.npy}}]}\n"
        #expect(throws: FormatError.self) { try YAMLModelReader(file: "/tmp/m.yaml").read(text) }
    }

    /// The arrays of one document share its memory limit: the refusal names the limit given and
    /// what the earlier arrays already take, and comes from the header, before the data is read.
    @Test func arraysShareTheDocumentsMemoryLimit() throws {
        let directory = try TemporaryDirectory()
        for name in ["w0", "w1"] {
            try NPYFile.write(NumPyArray(shape: [16, 16], storage: .float64([Double](repeating: 0.5, count: 256))),
                              to: directory.file("\(name).npy"))
        }
        let text = """
            kind: network
            input: {name: u, size: 16}
            layers:
              - {name: h, activation: relu, size: 16, inputs: [{from: u, weight: {npy: w0.npy}}]}
            output: {name: y, size: 16, inputs: [{from: h, weight: {npy: w1.npy}}]}
            """
        let file = directory.file("net.yaml").path
        // Before w1: the text's node tree (206 bytes · 8 + 42 nodes · 150 = 7.8 KiB, see
        // YAMLCompositionCost), w0 (2 KiB), h's zero bias (128 bytes) and the network's D
        // (16 × 16, 2 KiB) fit in 13 KiB; w1 (2 KiB more) does not. With 16 KiB everything fits.
        let error = #expect(throws: FormatError.self) {
            try YAMLModelReader(file: file, memoryLimit: MemoryLimit(bytes: 13 << 10)).read(text)
        }
        #expect(error?.description.contains("w1.npy") == true)
        #expect(error?.description.contains("would need 256 doubles (2 KiB) with the 11.9 KiB this model already takes, beyond the memory limit of 13 KiB") == true,
                "\(String(describing: error))")
        guard case .exceedsMemoryLimit(let shortfall)? = error?.kind else {
            Issue.record("not a memory refusal: \(String(describing: error?.kind))")
            return
        }
        #expect(shortfall.request == .doubles(256) && shortfall.limit == MemoryLimit(bytes: 13 << 10))
        #expect((shortfall.reserved + 256) * 8 > 13 << 10 && shortfall.reserved * 8 <= 13 << 10)
        #expect(throws: Never.self) { try YAMLModelReader(file: file, memoryLimit: MemoryLimit(bytes: 16 << 10)).read(text) }
    }
}
