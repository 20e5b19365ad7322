import Foundation
import ImplicitModel
import Yams

/// Reads our YAML model documents: `kind: network` and `kind: implicit` (schemas in `schemas/`).
///
/// The text is composed into a Yams node tree once and read from it directly, so every error
/// names `file:line:column` of the node at fault. Matrices are lists of rows inline, or
/// `{npy: name.npy}` for a file next to the YAML document.
public struct YAMLModelReader {
    let file: String
    /// Folder that `npy:` references are relative to.
    let directory: URL
    /// What the sizes in the document may make the reader allocate: zeros it fills in (absent
    /// biases, D), `.npy` arrays it loads.
    public let memoryLimit: MemoryLimit
    /// The part of `memoryLimit` still free during one `read`.
    private(set) var memory: MemoryBudget

    public init(file: String, memoryLimit: MemoryLimit = .default) {
        self.file = file
        self.directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        self.memoryLimit = memoryLimit
        self.memory = MemoryBudget(memoryLimit)
    }

    /// Nesting deeper than this is refused before Yams composes it (its composer recurses).
    public static let maxNestingDepth = 64

    public func read(_ text: String) throws -> ModelDocument {
        var reader = self
        reader.memory = MemoryBudget(memoryLimit)
        return try reader.readDocument(text)
    }

    /// What reading `text` charges against the memory limit before Yams composes it
    /// (`YAMLCompositionCost`), so a caller can tell a document its limit cannot hold.
    /// - Throws: `FormatError` when the text nests deeper than `maxNestingDepth`.
    public static func compositionCost(of text: String, file: String) throws -> Int {
        let nodes = try YAMLNestingCheck.check(text, file: file, limit: maxNestingDepth)
        return YAMLCompositionCost.bytes(textBytes: text.utf8.count, nodes: nodes)
    }

    private func readDocument(_ text: String) throws -> ModelDocument {
        let nodes = try YAMLNestingCheck.check(text, file: file, limit: YAMLModelReader.maxNestingDepth)
        // Yams' tree costs far more than the text (150 bytes a number): charged before it is built.
        let cost = YAMLCompositionCost.bytes(textBytes: text.utf8.count, nodes: nodes)
        do {
            try memory.reserve(bytes: cost)
        } catch {
            let refusal = FormatError(file: file, refusing: "composing the YAML text (\(MemoryLimit.format(text.utf8.count)), about \(nodes) values)", error)
            throw FormatError(file: file, message: refusal.message + "; large weights belong in .npy files ({npy: name.npy}), which cost 8 bytes a weight",
                              kind: refusal.kind)
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw FormatError(file: file, "the document is empty") }
            root = node
        } catch let error as YamlError {
            throw YAMLModelReader.formatError(error, file: file)
        }
        let value = YAMLValue(node: root, file: file, budget: YAMLNodeBudget(bytes: text.utf8.count))
        let kind = try value.required("kind")
        switch try kind.string() {
        case "network": return .network(try readNetwork(value))
        case "implicit": return .implicit(try readImplicit(value))
        case let other: throw kind.error("unknown kind '\(other)'; expected 'network' or 'implicit'")
        }
    }

    static func formatError(_ error: YamlError, file: String) -> FormatError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return FormatError(file: file, line: mark.line, column: mark.column, "YAML syntax: \(problem)")
        case let .reader(problem, offset, _, _):
            return FormatError(file: file, location: offset.map { [.path("byte \($0)")] } ?? [], message: "YAML: \(problem)")
        default:
            return FormatError(file: file, "YAML: \(error)")
        }
    }

    // MARK: - Shared pieces

    func port(_ value: YAMLValue, sizeRequired: Bool = true) throws -> (name: String, size: Int?) {
        let name = try value.optional("name")?.string() ?? ""
        guard !name.isEmpty else { throw value.error("missing key 'name'") }
        let size = try sizeRequired ? value.required("size").size() : value.optional("size")?.size()
        return (name, size)
    }

    /// The optional `shape:` of a port of `size` entries: one sample's extents (C, H, W) in C order,
    /// two or more positive sizes whose product is `size`.
    func sampleShape(_ value: YAMLValue, size: Int) throws -> [Int]? {
        guard let shapeValue = try value.optional("shape") else { return nil }
        let shape = try shapeValue.sequence().map { try $0.size() }
        guard ModelPort(name: "", size: size, shape: shape).validShape != nil else {
            throw shapeValue.error("\(shape) does not describe the \(size) entries as two or more positive extents")
        }
        return shape
    }

    /// `activation:` of a layer or block of `size` states: one name shared by all, a list of
    /// `size` names, one per state, or a block map: `softmax`, or
    /// `{layer_normalization: {epsilon: ε, scale: [γ…], bias: [β…]}}` (ε default 1e-5, β default 0).
    func map(_ value: YAMLValue, size: Int) throws -> StateMap {
        if case .mapping = value.node { return try layerNormalization(value, size: size) }
        if case .scalar = value.node, try value.string() == StateMap.softmaxName { return .softmax }
        guard case .sequence = value.node else { return .elementwise(try activation(value)) }
        let items = try value.sequence()
        guard items.count == size else { throw value.error("lists \(items.count) activations for \(size) states") }
        return StateMap(activations: try items.map(activation))
    }

    /// `{layer_normalization: {epsilon, scale, bias}}` for a block of `size` units.
    func layerNormalization(_ value: YAMLValue, size: Int) throws -> StateMap {
        try value.onlyKeys([StateMap.layerNormalizationName])
        let body = try value.required(StateMap.layerNormalizationName)
        try body.onlyKeys(["epsilon", "scale", "bias"])
        let epsilon = try body.optional("epsilon")?.double() ?? LayerNormalization.defaultEpsilon
        guard epsilon > 0, epsilon.isFinite else { throw body.error("layer_normalization epsilon must be finite and > 0, found \(epsilon)") }
        let scale = try vector(try body.required("scale"), count: size, what: "layer_normalization scale", owner: body)
        let bias = try vector(try body.optional("bias"), count: size, what: "layer_normalization bias", owner: body)
        return .layerNormalization(LayerNormalization(epsilon: epsilon, scale: scale, bias: bias))
    }

    func activation(_ value: YAMLValue) throws -> Activation {
        let name = try value.string()
        guard let activation = Activation(name: name) else {
            throw value.error("unknown activation '\(name)'; expected \(Activation.acceptedNames)")
        }
        return activation
    }

    func head(_ value: YAMLValue?) throws -> OutputHead {
        guard let value else { return .none }
        let name = try value.string()
        guard let head = OutputHead(rawValue: name) else {
            throw value.error("unknown head '\(name)'; expected none, softmax or sigmoid")
        }
        return head
    }

    /// A matrix of the given shape: inline rows or an `npy:` file.
    func matrix(_ value: YAMLValue, rows: Int, cols: Int, what: String) throws -> Matrix {
        let m: Matrix
        if case .mapping = value.node {
            try value.onlyKeys(["npy"])
            let name = try value.required("npy").string()
            m = try ExternalArrayFile(yamlFile: file, directory: directory, name: name).readMatrix(memory: memory)
        } else {
            m = try value.rowsMatrix()
        }
        guard m.rows == rows, m.cols == cols || (m.rows == 0 && rows == 0) else {
            throw value.error("\(what) is \(m.rows)×\(m.cols), expected \(rows)×\(cols)")
        }
        guard m.isFinite else { throw value.error("\(what) contains NaN or infinity") }
        return m
    }

    /// A vector of the given length, or zeros when absent (reserved from the memory budget,
    /// blaming `owner`).
    func vector(_ value: YAMLValue?, count: Int, what: String, owner: YAMLValue) throws -> [Double] {
        guard let value else {
            try reserve(count, for: what, at: owner)
            return [Double](repeating: 0, count: count)
        }
        let v: [Double]
        if case .mapping = value.node {
            try value.onlyKeys(["npy"])
            v = try ExternalArrayFile(yamlFile: file, directory: directory, name: value.required("npy").string()).readVector(memory: memory)
        } else {
            v = try value.vector()
        }
        guard v.count == count else { throw value.error("\(what) has \(v.count) values, expected \(count)") }
        guard v.allSatisfy(\.isFinite) else { throw value.error("\(what) contains NaN or infinity") }
        return v
    }

    /// Reserves `rows` × `cols` doubles the reader (or the assembly after it) will allocate.
    /// - Throws: `FormatError` at `value` when they exceed `memoryLimit`.
    func reserve(_ rows: Int, _ cols: Int = 1, for what: String, at value: YAMLValue) throws {
        do {
            if cols == 1 { try memory.reserve(rows) } else { try memory.reserve(rows: rows, cols: cols) }
        } catch {
            throw FormatError(file: value.file, location: value.location, refusing: what, error)
        }
    }
}
