/// The one line an error becomes on stderr, whatever a hostile file put in the names it quotes.
///
/// Line breaks (a multi-line message, or a newline inside a layer or node name) become spaces;
/// other control characters, which could move the cursor or recolour the terminal, are shown
/// as escapes (`\u{1B}`); a line longer than `maxLength` characters (a name of a megabyte) keeps
/// its beginning, where the file and place are, and its end, where the reason is.
enum ErrorLine {
    static let maxLength = 1500

    static func make(_ message: String) -> String {
        var line = ""
        var lastWasBreak = false
        for scalar in message.unicodeScalars {
            let isBreak = scalar == "\n" || scalar == "\r" || scalar == "\u{2028}" || scalar == "\u{2029}"
            if isBreak {
                if !lastWasBreak { line += " " }
            } else if scalar.properties.generalCategory == .control {
                line += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                line.unicodeScalars.append(scalar)
            }
            lastWasBreak = isBreak
        }
        guard line.count > maxLength else { return line }
        let kept = maxLength / 2
        return line.prefix(kept) + " … (\(line.count - 2 * kept) characters left out) … " + line.suffix(kept)
    }
}
