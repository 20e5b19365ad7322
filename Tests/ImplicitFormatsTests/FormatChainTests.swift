import Foundation
import Testing
import ImplicitModel
import ImplicitTestSupport
@testable import ImplicitFormats

/// A model carried through every format in turn comes back exactly (bit for bit).
@Suite struct FormatChainTests {
    @Test func networkYAMLToImplicitYAMLToNPZToProtobufIsExact() throws {
        var rng = SeededGenerator(seed: 404)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for trial in 0..<8 {
            let network = RandomNetwork.make(layers: 2 + trial % 4, input: 3, output: 2, dag: trial % 2 == 1,
                                             head: trial % 3 == 0 ? .softmax : .none, using: &rng)
            let expected = try ImplicitModel(assembling: network)
            func path(_ name: String) -> String { folder.appendingPathComponent("\(trial).\(name)").path }
            try ModelFile.write(.network(network), to: path("net.yaml"), inputs: [], force: false)
            try ModelFile.write(try ModelFile.read(path("net.yaml")), to: path("implicit.yaml"), form: .implicit, inputs: [], force: false)
            try ModelFile.write(try ModelFile.read(path("implicit.yaml")), to: path("model.npz"), inputs: [], force: false)
            try ModelFile.write(try ModelFile.read(path("model.npz")), to: path("model.pb"), inputs: [], force: false)
            try ModelFile.write(try ModelFile.read(path("model.pb")), to: path("model.txtpb"), inputs: [], force: false)
            for step in ["implicit.yaml", "model.npz", "model.pb", "model.txtpb"] {
                let back = try ModelFile.read(path(step)).implicitModel()
                #expect(back == expected, "trial \(trial), \(step)")
            }
        }
    }
}
