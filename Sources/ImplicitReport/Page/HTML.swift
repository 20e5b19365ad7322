/// Escaping for text and attribute values placed in the page (model names come from files and may
/// hold anything, `<script>` included).
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if ch.properties.generalCategory == .control && ch != "\n" && ch != "\t" {
                    out += "&#\(ch.value);"
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out
    }

    /// JSON text for a `<script type="application/json">` element: `<` is escaped so that no
    /// string inside can close the element.
    static func scriptJSON(_ json: String) -> String {
        json.replacingOccurrences(of: "<", with: "\\u003c")
    }
}
