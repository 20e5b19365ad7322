import ImplicitModel
import Yams

/// A composed YAML node with the file it came from, read with errors that carry `line:column`.
///
/// Every accessor charges a shared node budget: aliases make Yams share subtrees, so a small
/// document can expand into billions of nodes (an alias bomb). A document may visit no more
/// nodes than it has bytes; legitimate documents never come close.
struct YAMLValue {
    let node: Node
    let file: String
    let budget: YAMLNodeBudget

    /// The node's line and column, where Yams knows them.
    var location: [FormatError.Location] { node.mark.map { [.line($0.line, column: $0.column)] } ?? [] }

    func error(_ message: String) -> FormatError { FormatError(file: file, location: location, message: message) }

    private func child(_ node: Node) throws -> YAMLValue {
        try budget.charge(file: file, location: location)
        return YAMLValue(node: node, file: file, budget: budget)
    }

    /// The value of a required key of a mapping.
    func required(_ key: String) throws -> YAMLValue {
        guard let value = try optional(key) else { throw error("missing key '\(key)'") }
        return value
    }

    func optional(_ key: String) throws -> YAMLValue? {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping with key '\(key)'") }
        // A scan of the few keys by their text: Yams' subscript resolves each key's tag with a
        // regular expression, a third of the time spent reading a large network.
        return try mapping.first { $0.key.string == key }.map { try child($0.value) }
    }

    /// Rejects keys other than `allowed`, naming the first stray one: a typo must not be ignored.
    func onlyKeys(_ allowed: Set<String>) throws {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping") }
        for (key, _) in mapping {
            guard let name = key.string, allowed.contains(name) else {
                let value = YAMLValue(node: key, file: file, budget: budget)
                throw value.error("unknown key '\(key.string ?? "?")'; expected one of \(allowed.sorted().joined(separator: ", "))")
            }
        }
    }

    func sequence() throws -> [YAMLValue] {
        guard case .sequence(let items) = node else { throw error("expected a list") }
        return try items.map(child)
    }

    func string() throws -> String {
        guard case .scalar(let scalar) = node else { throw error("expected a string") }
        return scalar.string
    }

    func int() throws -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            throw error("expected an integer")
        }
        return value
    }

    /// A non-negative size, checked against `limit` before anything is allocated from it.
    func size(limit: Int = YAMLValue.sizeLimit) throws -> Int {
        let value = try int()
        guard value >= 0, value <= limit else { throw error("size \(value) is outside 0…\(limit)") }
        return value
    }

    /// The largest size a YAML document may declare for one dimension.
    static let sizeLimit = 1 << 24

    func double() throws -> Double {
        guard case .scalar(let scalar) = node else { throw error("expected a number") }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        switch text.lowercased() {
        case ".nan", "nan": return .nan
        case ".inf", "+.inf", "inf": return .infinity
        case "-.inf", "-inf": return -.infinity
        default: break
        }
        guard let value = Double(text) else { throw error("expected a number, found '\(text)'") }
        return value
    }

    /// A list of numbers.
    func vector() throws -> [Double] { try sequence().map { try $0.double() } }

    /// A list of rows, each a list of numbers, all the same length.
    func rowsMatrix() throws -> Matrix {
        let rows = try sequence().map { try $0.vector() }
        let width = rows.first?.count ?? 0
        for (i, row) in rows.enumerated() where row.count != width {
            throw try sequence()[i].error("row \(i) has \(row.count) values, row 0 has \(width)")
        }
        return Matrix(rows)
    }
}

/// The number of nodes a document may still visit (see `YAMLValue`).
final class YAMLNodeBudget {
    private var remaining: Int

    init(bytes: Int) { remaining = bytes + 64 }

    func charge(file: String, location: [FormatError.Location]) throws {
        remaining -= 1
        if remaining < 0 {
            throw FormatError(file: file, location: location, message: "aliases expand the document far beyond its size; refusing it")
        }
    }
}

import Foundation
