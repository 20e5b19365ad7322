/// Refuses documents nested deeper than a limit before Yams composes them: its composer
/// recurses once per level, so `[[[[…]]]]` a million deep would overflow the stack.
///
/// Counts flow brackets and block indentation steps outside quoted strings and comments; an
/// overestimate only refuses absurd documents, never a model file (ours nest five deep).
///
/// The same pass counts the nodes Yams will make, for `YAMLCompositionCost`: every separator
/// outside quotes and comments that ends or opens one (`,` `:` `[` `{`, line breaks, and the
/// dashes that start a line), an overcount of the scalars and collections by at most one per
/// key and two per line.
enum YAMLNestingCheck {
    /// - Returns: the number of nodes counted.
    @discardableResult
    static func check(_ text: String, file: String, limit: Int) throws -> Int {
        var nodes = 1
        var depth = 0, line = 1, column = 0
        var quote: UInt8? = nil, inComment = false
        var lineStart = true, indent = 0
        for byte in text.utf8 {
            column += 1
            if byte == UInt8(ascii: "\n") {
                nodes += 1
                line += 1; column = 0; inComment = false; lineStart = true; indent = 0
                continue
            }
            if lineStart {
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") {
                    // `- - 0`: each dash opens a block sequence entry (a `-0.5` is counted once too many).
                    if byte == UInt8(ascii: "-") { nodes += 1 }
                    indent += 1
                    continue
                }
                lineStart = false
                if indent / 2 > limit {
                    throw FormatError(file: file, line: line, column: column, "the document is indented more than \(limit) levels deep")
                }
            }
            if inComment { continue }
            if let q = quote {
                if byte == q { quote = nil }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte
            case UInt8(ascii: "#"): inComment = true
            case UInt8(ascii: ","), UInt8(ascii: ":"): nodes += 1
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                nodes += 1
                depth += 1
                if depth > limit {
                    throw FormatError(file: file, line: line, column: column, "the document is nested more than \(limit) levels deep")
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            default: break
            }
        }
        return nodes
    }
}
