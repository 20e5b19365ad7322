import ImplicitModel

/// Writes `kind: network` and `kind: implicit` YAML documents that `YAMLModelReader` reads back
/// exactly: numbers are printed with the shortest representation that round-trips (Swift's
/// `description`), with a `.0` before any exponent so that PyYAML reads them as floats too.
public struct YAMLModelWriter {
    /// Matrices with more elements than this go to `.npy` files next to the document when the
    /// writer has a place for them (`externalPrefix`): 256² numbers is about 1.3 MB of text.
    public static let externalThreshold = 65_536

    /// File name prefix for external weights (`net` gives `net.hidden1.from.input.npy`); nil
    /// keeps every matrix inline.
    public let externalPrefix: String?

    public init(externalPrefix: String? = nil) {
        self.externalPrefix = externalPrefix
    }

    /// The YAML text and the matrices it references as `.npy` files, by file name. The matrices
    /// share the model's storage: each is copied into C order only when its file is written.
    public func writeWithExternalArrays(_ document: ModelDocument) -> (text: String, arrays: [(name: String, matrix: Matrix)]) {
        var out = YAMLText(externalPrefix: externalPrefix)
        switch document {
        case .network(let network): write(network, into: &out)
        case .implicit(let model): write(model, into: &out)
        }
        return (out.text, out.externalArrays)
    }

    public func write(_ document: ModelDocument) -> String {
        var out = YAMLText(externalPrefix: nil)
        switch document {
        case .network(let network): write(network, into: &out)
        case .implicit(let model): write(model, into: &out)
        }
        return out.text
    }

    private func write(_ network: Network, into out: inout YAMLText) {
        out.line("kind: network")
        out.line("input: {name: \(YAMLText.string(network.input.name)), size: \(network.input.size)\(YAMLText.shapeText(network.input))}")
        out.line("layers:")
        for layer in network.layers {
            out.line("  - name: \(YAMLText.string(layer.name))")
            out.line("    activation: \(YAMLText.activation(layer.map))")
            out.line("    size: \(layer.size)")
            terms(layer.terms, receiver: layer.name, indent: "    ", into: &out)
            out.line("    bias: \(YAMLText.vector(layer.bias))")
        }
        if network.layers.isEmpty { out.replaceLastLine("layers: []") }
        out.line("output:")
        out.line("  name: \(YAMLText.string(network.output.name))")
        out.line("  size: \(network.output.size)")
        out.line("  head: \(network.output.head.rawValue)")
        terms(network.output.terms, receiver: network.output.name, indent: "  ", into: &out)
        out.line("  bias: \(YAMLText.vector(network.output.bias))")
    }

    private func terms(_ terms: [Term], receiver: String, indent: String, into out: inout YAMLText) {
        guard !terms.isEmpty else { out.line("\(indent)inputs: []"); return }
        out.line("\(indent)inputs:")
        for term in terms {
            out.line("\(indent)  - from: \(YAMLText.string(term.source))")
            out.matrix(term.weight, key: "weight", indent: indent + "    ", label: "\(receiver).from.\(term.source)")
        }
    }

    private func write(_ model: ImplicitModel, into out: inout YAMLText) {
        out.line("kind: implicit")
        out.line("input: {name: \(YAMLText.string(model.input.name)), size: \(model.input.size)\(YAMLText.shapeText(model.input))}")
        out.line("output:")
        out.line("  name: \(YAMLText.string(model.output.name))")
        out.line("  size: \(model.output.size)")
        out.line("  head: \(model.head.rawValue)")
        out.line("  bias: \(YAMLText.vector(model.biasY))")
        out.line(model.states.isEmpty ? "states: []" : "states:")
        let offsets = model.stateOffsets
        for (k, block) in model.states.enumerated() {
            out.line("  - name: \(YAMLText.string(block.name))")
            out.line("    size: \(block.size)")
            out.line("    activation: \(YAMLText.activation(block.map))")
            out.line("    bias: \(YAMLText.vector(Array(model.biasX[offsets[k]..<(offsets[k] + block.size)])))")
        }
        let names = model.states.map(\.name)
        func blocks(_ key: String, _ m: BlockSparseMatrix, label: (BlockIndex) -> String, file: (BlockIndex) -> String) {
            let present = m.sortedBlocks
            guard !present.isEmpty else { out.line("\(key): []"); return }
            out.line("\(key):")
            for (index, block) in present {
                out.line("  - \(label(index))")
                out.matrix(block, key: "weight", indent: "    ", label: file(index))
            }
        }
        blocks("A", model.a, label: { "row: \(YAMLText.string(names[$0.row]))\n    col: \(YAMLText.string(names[$0.col]))" },
               file: { "A.\(names[$0.row]).\(names[$0.col])" })
        blocks("B", model.b, label: { "row: \(YAMLText.string(names[$0.row]))" }, file: { "B.\(names[$0.row])" })
        blocks("C", model.c, label: { "col: \(YAMLText.string(names[$0.col]))" }, file: { "C.\(names[$0.col])" })
        if !model.d.isZero { out.matrix(model.d, key: "D", indent: "", label: "D") }
    }
}

/// Accumulates YAML text and formats scalars.
struct YAMLText {
    private(set) var text = ""
    let externalPrefix: String?
    private(set) var externalArrays: [(name: String, matrix: Matrix)] = []

    mutating func line(_ s: String) { text += s; text += "\n" }

    mutating func replaceLastLine(_ s: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast(2)
        text = lines.joined(separator: "\n") + "\n" + s + "\n"
    }

    /// `key:` followed by one flow list per row, or `key: {npy: file}` for a large matrix when
    /// external files are allowed.
    mutating func matrix(_ m: Matrix, key: String, indent: String, label: String) {
        guard m.rows > 0 else { line("\(indent)\(key): []"); return }
        if let prefix = externalPrefix, m.count > YAMLModelWriter.externalThreshold {
            let safe = String(label.unicodeScalars.map { CharacterSet.plainName.contains($0) && $0 != "/" ? Character($0) : "_" })
            var name = "\(prefix).\(safe).npy"
            var suffix = 2
            while externalArrays.contains(where: { $0.name == name }) { name = "\(prefix).\(safe)-\(suffix).npy"; suffix += 1 }
            externalArrays.append((name, m))
            line("\(indent)\(key): {npy: \(YAMLText.string(name))}")
            return
        }
        line("\(indent)\(key):")
        for i in 0..<m.rows { line("\(indent)  - \(YAMLText.vector(m.row(i)))") }
    }

    static func number(_ v: Double) -> String {
        var s = v.description
        if let e = s.firstIndex(of: "e"), !s[..<e].contains(".") { s.insert(contentsOf: ".0", at: e) }
        return s
    }

    static func vector(_ v: [Double]) -> String { "[" + v.map(number).joined(separator: ", ") + "]" }

    /// `, shape: [C, H, W]` for a port that keeps its sample shape, else nothing.
    static func shapeText(_ port: ModelPort) -> String {
        guard let shape = port.validShape else { return "" }
        return ", shape: [" + shape.map(String.init).joined(separator: ", ") + "]"
    }

    /// A plain scalar when it cannot be mistaken for anything else, otherwise double-quoted.

    /// A shared activation's name, the flow list of the per-state names, or a block map
    /// (`softmax`, or a flow mapping `{layer_normalization: {…}}`).
    static func activation(_ map: StateMap) -> String {
        switch map {
        case .elementwise(let phi): return string(phi.name)
        case .perState(let phis): return "[" + phis.map { string($0.name) }.joined(separator: ", ") + "]"
        case .softmax: return StateMap.softmaxName
        case .layerNormalization(let norm):
            return "{\(StateMap.layerNormalizationName): {epsilon: \(number(norm.epsilon)), scale: \(vector(norm.scale)), bias: \(vector(norm.bias))}}"
        }
    }

    static func string(_ s: String) -> String {
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy { CharacterSet.plainName.contains($0) }
            && Double(s) == nil && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(s.lowercased())
            && !s.hasPrefix("-")
        if plain { return s }
        var escaped = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default:
                if scalar.value < 0x20 { escaped += String(format: "\\x%02X", scalar.value) } else { escaped.unicodeScalars.append(scalar) }
            }
        }
        return "\"\(escaped)\""
    }
}

import Foundation

extension CharacterSet {
    static let plainName = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-")
}
