import Foundation
import ImplicitTestSupport
import Testing
@testable import ImplicitFormats
import ImplicitModel

/// The one codec table: for every format, what `write` puts on disk reads back as what
/// `encode`'s bytes decode to, and the bytes are `encode`'s wherever the format streams nothing
/// to side files (YAML moves large matrices to .npy files; `.npz` has no in-memory encoding).
@Suite struct ModelCodecTests {
    @Test(arguments: ModelFormat.allCases)
    func writeAndEncodeAgree(_ format: ModelFormat) throws {
        var rng = SeededGenerator(seed: 91)
        let network = RandomNetwork.make(layers: 3, input: 300, output: 2, dag: true, using: &rng)
        let codec = ModelCodec.of(format)
        let directory = try TemporaryDirectory()
        let ext = format == .yaml ? "yaml" : format.rawValue
        let file = directory.file("m.\(ext)")
        let document = ModelDocument.network(network)
        try ModelFile.write(document, to: file.path, inputs: [], force: false)
        let back = try ModelFile.load(file.path).document.implicitModel()
        let expected = try ImplicitModel(assembling: network)
        if format == .onnx {
            // float32 initializers: equal to float32 rounding, not bit for bit.
            let x = rng.matrix(300, 4)
            #expect(TestTolerance.close(try back.predict(x), try expected.predict(x), rtol: 1e-5, atol: 1e-6))
        } else {
            #expect(back == expected)
        }
        #expect(codec.holdsNetworks == (format != .onnx && format != .npz))
        guard let encode = codec.encode else {
            #expect(format == .npz)
            #expect(throws: FormatError.self) { try ModelFile.encode(document, for: file.path) }
            return
        }
        let bytes = try encode(document, file.path)
        if format == .yaml {
            // Large weights may sit in .npy files beside it; the inline bytes decode to the same model.
            let decoded = try ModelFile.load(data: bytes, format: .yaml, file: file.path).document.implicitModel()
            #expect(decoded == expected)
        } else {
            #expect(try Data(contentsOf: file) == bytes)
        }
    }

    @Test func npzRefusesTheNetworkForm() throws {
        var rng = SeededGenerator(seed: 92)
        let model = try ImplicitModel(assembling: RandomNetwork.make(layers: 2, input: 3, output: 2, dag: false, using: &rng))
        let directory = try TemporaryDirectory()
        // An implicit model has no network form in any format: refused before anything is written.
        #expect(throws: ModelError.self) {
            try ModelFile.write(.implicit(model), to: directory.file("m.npz").path, form: .network, inputs: [], force: false)
        }
        #expect(try directory.contents().isEmpty)
    }
}
