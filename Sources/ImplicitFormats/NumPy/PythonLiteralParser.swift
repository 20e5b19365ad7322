/// A recursive-descent parser for the Python literals of NPY headers, safe on hostile input.
///
/// Every step consumes at least one character, nesting is limited to `maxDepth`, and integers
/// that overflow `Int` are refused, so a crafted header cannot loop, overflow the stack or trap.
struct PythonLiteralParser {
    /// Deeper nesting than any real header (which has depth 2) is refused.
    static let maxDepth = 16

    private let text: [Unicode.Scalar]
    private var position = 0
    private let failure: (String) -> FormatError

    /// Parses `text` as exactly one literal (surrounding whitespace allowed).
    /// - Parameter failure: turns a reason into the error to throw.
    static func parse(_ text: String, failure: @escaping (String) -> FormatError) throws(FormatError) -> PythonLiteral {
        var parser = PythonLiteralParser(text: Array(text.unicodeScalars), failure: failure)
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.position == parser.text.count else { throw parser.unexpected("after the dictionary") }
        return value
    }

    private init(text: [Unicode.Scalar], failure: @escaping (String) -> FormatError) {
        self.text = text
        self.failure = failure
    }

    private var current: Unicode.Scalar? { position < text.count ? text[position] : nil }

    private mutating func skipWhitespace() {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" {
            position += 1
        }
    }

    private func unexpected(_ context: String) -> FormatError {
        guard let c = current else { return failure("malformed dictionary: unexpected end \(context)") }
        let shown = c.properties.isWhitespace || c.value < 0x20 ? "U+\(String(c.value, radix: 16, uppercase: true))" : String(c)
        return failure("malformed dictionary: unexpected '\(shown)' at character \(position + 1) \(context)")
    }

    private mutating func value(depth: Int) throws(FormatError) -> PythonLiteral {
        guard depth <= PythonLiteralParser.maxDepth else { throw failure("malformed dictionary: nested too deeply") }
        skipWhitespace()
        guard let c = current else { throw unexpected("where a value was expected") }
        switch c {
        case "{": return try dictionary(depth: depth)
        case "(":
            let (items, sawComma) = try sequence(closing: ")", depth: depth)
            return items.count == 1 && !sawComma ? items[0] : .tuple(items)
        case "[": return .list(try sequence(closing: "]", depth: depth).items)
        case "'", "\"": return .string(try string(quote: c))
        case "-", "+", "0"..."9": return .integer(try integer())
        default: return try keyword()
        }
    }

    private mutating func dictionary(depth: Int) throws(FormatError) -> PythonLiteral {
        position += 1
        var pairs: [(key: PythonLiteral, value: PythonLiteral)] = []
        while true {
            skipWhitespace()
            if current == "}" { position += 1; return .dictionary(pairs) }
            let key = try value(depth: depth + 1)
            skipWhitespace()
            guard current == ":" else { throw unexpected("where ':' was expected") }
            position += 1
            pairs.append((key, try value(depth: depth + 1)))
            skipWhitespace()
            if current == "," { position += 1 } else if current != "}" { throw unexpected("where ',' or '}' was expected") }
        }
    }

    private mutating func sequence(closing: Unicode.Scalar, depth: Int) throws(FormatError) -> (items: [PythonLiteral], sawComma: Bool) {
        position += 1
        var items: [PythonLiteral] = [], sawComma = false
        while true {
            skipWhitespace()
            if current == closing { position += 1; return (items, sawComma) }
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            if current == "," {
                position += 1
                sawComma = true
            } else if current != closing {
                throw unexpected("where ',' or '\(closing)' was expected")
            }
        }
    }

    private mutating func string(quote: Unicode.Scalar) throws(FormatError) -> String {
        position += 1
        var result = String.UnicodeScalarView()
        while let c = current {
            position += 1
            if c == quote { return String(result) }
            if c == "\n" { break }
            guard c == "\\" else { result.append(c); continue }
            guard let escaped = current else { break }
            position += 1
            switch escaped {
            case "n": result.append("\n")
            case "t": result.append("\t")
            case "r": result.append("\r")
            case "0": result.append("\0")
            case "\\", "'", "\"": result.append(escaped)
            default: result.append("\\"); result.append(escaped)
            }
        }
        throw failure("malformed dictionary: unterminated string")
    }

    private mutating func integer() throws(FormatError) -> Int {
        let start = position
        if current == "-" || current == "+" { position += 1 }
        let digitsStart = position
        while let c = current, ("0"..."9").contains(c) { position += 1 }
        guard position > digitsStart else { throw unexpected("in a number") }
        let literal = String(String.UnicodeScalarView(text[start..<position]))
        if current == "L" { position += 1 }  // Python 2 long, as in headers written by old NumPy
        guard let value = Int(literal) else { throw failure("malformed dictionary: integer \(literal) is too large") }
        return value
    }

    private mutating func keyword() throws(FormatError) -> PythonLiteral {
        let start = position
        while let c = current, c.properties.isAlphabetic || c == "_" { position += 1 }
        switch String(String.UnicodeScalarView(text[start..<position])) {
        case "True": return .boolean(true)
        case "False": return .boolean(false)
        case "None": return .none
        default:
            position = start
            throw unexpected("where a value was expected")
        }
    }
}
