import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel

/// YAML → .pb → .txtpb → YAML is exact, for both document kinds, dense and sparse blocks.
struct ProtobufRoundTripTests {
    static let networkYAML = """
    kind: network
    input: {name: u, size: 3}
    layers:
      - name: hidden
        activation: leaky_relu:0.1
        size: 2
        inputs:
          - from: u
            weight:
              - [0.1, -0.3333333333333333, 1.0e-300]
              - [123456789.12345679, 5.0e-324, -2.5]
        bias: [0.7, -0.0]
      - name: "second layer"
        activation: tanh
        size: 3
        inputs:
          - from: hidden
            weight: [[1.0, 0.0], [0.0, 0.0], [0.0, 0.0]]
          - from: u
            weight: [[0.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 0.0]]
        bias: [0.0, 0.0, 0.0]
    output:
      name: y
      size: 2
      head: softmax
      inputs:
        - from: "second layer"
          weight: [[1.0, 2.0, 3.0], [-1.0, -2.0, -3.0]]
        - from: u
          weight: [[0.5, 0.0, 0.0], [0.0, 0.0, 0.25]]
      bias: [0.0, 1.0]
    """

    static func network() throws -> Network {
        guard case .network(let network) = try YAMLModelReader(file: "net.yaml").read(networkYAML) else {
            throw FormatError(file: "net.yaml", "not a network")
        }
        return network
    }

    @Test func networkThroughBinaryAndTextBackToYAML() throws {
        let network = try Self.network()
        let yaml = YAMLModelWriter().write(.network(network))
        let pb = try ProtobufModelWriter().binary(.network(network), file: "net.pb")
        let fromBinary = try ProtobufModelReader(file: "net.pb").read(binary: pb)
        let text = ProtobufModelWriter().text(fromBinary)
        let fromText = try ProtobufModelReader(file: "net.txtpb").read(text: text)
        guard case .network(let back) = fromText else { Issue.record("not a network"); return }
        #expect(back == network)
        #expect(back.layers[0].terms[0].weight.columnMajorElements.map(\.bitPattern) == network.layers[0].terms[0].weight.columnMajorElements.map(\.bitPattern))
        #expect(YAMLModelWriter().write(fromText) == yaml)
        guard case .network(let again) = try YAMLModelReader(file: "back.yaml").read(YAMLModelWriter().write(fromText)) else { return }
        #expect(again == network)
    }

    @Test func sparseBelowOneThirdDenseOtherwise() throws {
        let network = try Self.network()
        let message = ProtobufModelWriter().message(.network(network)).network
        // 1 of 6 nonzero → sparse; 2 of 6 → not below one third → dense.
        #expect(message.layers[1].terms[0].weight.sparse.values == [1.0])
        #expect(message.layers[1].terms[1].weight.sparse.rowIndices == [1])
        #expect(message.output.terms[1].weight.storage.map { if case .dense = $0 { return true } else { return false } } == true)
        #expect(message.layers[0].terms[0].weight.dense.values.count == 6)
    }

    @Test func implicitModelThroughBothEncodings() throws {
        var parts = ImplicitModel.Builder(try ImplicitModel(assembling: try Self.network()))
        parts.a[0, 0] = Matrix([[0.25, 0], [0, -0.125]])   // a cycle, as truly implicit models have
        parts.d = Matrix([[0, 0, 1e-10], [0, 0, 0]])
        let model = try parts.build()
        for text in [false, true] {
            let document: ModelDocument
            if text {
                document = try ProtobufModelReader(file: "m.txtpb").read(text: ProtobufModelWriter().text(.implicit(model)))
            } else {
                document = try ProtobufModelReader(file: "m.pb").read(binary: ProtobufModelWriter().binary(.implicit(model), file: "m.pb"))
            }
            guard case .implicit(let back) = document else { Issue.record("not implicit"); return }
            #expect(back == model)
        }
    }

    @Test func modelFileDispatchesByExtension() throws {
        let directory = try TemporaryDirectory()
        let network = try Self.network()
        for name in ["m.pb", "m.txtpb"] {
            let path = directory.file(name).path
            try ModelFile.write(.network(network), to: path, inputs: [], force: false)
            guard case .network(let back) = try ModelFile.read(path) else { Issue.record("not a network"); continue }
            #expect(back == network)
        }
        let onnx = directory.file("m.onnx").path
        try ModelFile.write(.network(network), to: onnx, inputs: [], force: false)
        guard case .network(let imported) = try ModelFile.read(onnx, options: .init(onnxOutput: "y")) else { return }
        let x = ONNXExporterTests.samples(3, 5)
        #expect(TestTolerance.close(try imported.forward(x), try network.forward(x), rtol: 1e-5, atol: 1e-6))
    }
}
