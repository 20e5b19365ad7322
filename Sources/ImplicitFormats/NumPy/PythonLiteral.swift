/// A Python literal as found in NPY headers: `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`.
///
/// Only what `repr` of a header dictionary can produce; no expressions, no floats.
enum PythonLiteral: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    /// Key/value pairs in file order (duplicates kept, for the caller to refuse).
    case dictionary([(key: PythonLiteral, value: PythonLiteral)])

    static func == (lhs: PythonLiteral, rhs: PythonLiteral) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): return a == b
        case let (.integer(a), .integer(b)): return a == b
        case let (.boolean(a), .boolean(b)): return a == b
        case (.none, .none): return true
        case let (.tuple(a), .tuple(b)), let (.list(a), .list(b)): return a == b
        case let (.dictionary(a), .dictionary(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// A short name of the kind of value, for error messages.
    var kindName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .boolean: return "a boolean"
        case .none: return "None"
        case .tuple: return "a tuple"
        case .list: return "a list"
        case .dictionary: return "a dictionary"
        }
    }
}
