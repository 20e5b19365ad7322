import Foundation
import Testing
import ImplicitModel
@testable import ImplicitFormats
import ImplicitTestSupport

/// Large matrices go to .npy files next to the YAML document and come back exactly.
@Suite struct YAMLExternalWeightsTests {
    @Test func largeWeightsRoundTripThroughNpyFiles() throws {
        var rng = SeededGenerator(seed: 77)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yaml-npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let network = Network(
            input: Port(name: "u", size: 300),
            layers: [Layer(name: "h", activation: .relu, terms: [Term(source: "u", weight: rng.matrix(260, 300))], bias: rng.vector(260))],
            output: Readout(name: "y", terms: [Term(source: "h", weight: rng.matrix(2, 260))], bias: [0, 1]))
        let path = folder.appendingPathComponent("net.yaml").path
        try ModelFile.write(.network(network), to: path, inputs: [], force: false)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == ["net.h.from.u.npy", "net.yaml"])
        guard case .network(let back) = try ModelFile.read(path) else { Issue.record("kind"); return }
        #expect(back == network)

        let implicitPath = folder.appendingPathComponent("imp.yaml").path
        try ModelFile.write(.network(network), to: implicitPath, form: .implicit, inputs: [path], force: false)
        #expect(try ModelFile.read(implicitPath).implicitModel() == ImplicitModel(assembling: network))
    }

    @Test func referencesOutsideTheFolderAreRefused() throws {
        let text = "kind: network\ninput: {name: u, size: 1}\nlayers: []\noutput: {name: y, size: 1, inputs: [{from: u, weight: {npy: ../../etc/w.npy}}]}\n"
        #expect(throws: FormatError.self) { try YAMLModelReader(file: "/tmp/m.yaml").read(text) }
    }
}
