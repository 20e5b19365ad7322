import ArgumentParser
import ImplicitAnalysis
import ImplicitFormats

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Describe a model: ports, state blocks, weights, structure.")

    @OptionGroup var input: ModelInputOptions

    @Flag(help: "Print one JSON document (schema in docs/cli.md).")
    var json = false

    func run() throws {
        let loaded = try input.load()
        let model = try input.implicitModel(of: loaded)
        let summary = ModelSummary(model: model, kind: loaded.kind, weightPrecision: loaded.weightPrecision)
        if json {
            print(try JSONText.encode(summary))
            return
        }
        print("\(input.model): \(summary.kind) model")
        let sampleShape = summary.input.shape.map { " = " + $0.map(String.init).joined(separator: "×") } ?? ""
        print("  input  \(summary.input.name) (\(summary.input.size)\(sampleShape))")
        print("  output \(summary.output.name) (\(summary.output.size)), head \(summary.head)")
        print("  states \(summary.states) in \(summary.blocks.count) blocks; \(summary.parameters) stored parameters")
        for block in summary.blocks {
            print("    \(block.name): \(block.size) × \(block.activation)")
        }
        let nz = summary.nonzeros
        print("  nonzeros A \(nz["A"] ?? 0) (\(summary.storedBlocksOfA) blocks), B \(nz["B"] ?? 0), C \(nz["C"] ?? 0), D \(nz["D"] ?? 0)")
        let cyclic = summary.components.filter(\.cyclic)
        if summary.feedforward {
            print("  structure: feedforward (A is strictly block-triangular)")
        } else {
            print("  structure: \(cyclic.count) cyclic component(s): " + cyclic.map { "{\($0.blocks.joined(separator: ", "))} (\($0.states) states)" }.joined(separator: "; "))
        }
        print("  weights \(summary.weightPrecision) in the file; predict runs \(summary.predictPrecision) arithmetic by default")
    }
}
