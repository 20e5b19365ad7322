import Foundation
import Linalg

/// Comma-separated data files: one sample per line, one number per field.
///
/// Reading: UTF-8 (a leading byte-order mark is skipped), `\n`, `\r\n` or `\r` line ends, fields
/// trimmed of spaces and tabs, blank lines skipped. The first non-blank line is a header when
/// it holds no number at all: every field is empty or not a number, and at least one is not
/// empty (`x1,x2,x3`; pandas' `,a,b` with an unnamed index column). A first line that mixes
/// numbers and non-numbers (`0.5,O.25`, a typo) is neither a header nor data: it is refused at
/// the first field that is not a number, rather than dropped as a header. Numbers are Swift `Double` literals, which include
/// `nan`, `inf`, `-inf` and `infinity` (any case); the reader accepts them and leaves the
/// decision to the caller. Quoted fields are not supported, and an empty field is an error
/// (pandas writes missing values as empty fields: fill them first).
///
/// Writing uses `Double.description`, the shortest text that reads back to the same double,
/// so a write/read round trip is exact.
public enum CSVDataFile {
    /// Reads a data file of m samples with p features as the p × m matrix with one sample per column.
    /// - Throws: `FormatError` with `file:line:column` for a non-number or a ragged row, or
    ///   naming the file when it holds no samples or is not UTF-8.
    public static func readMatrix(_ url: URL, memoryLimit: MemoryLimit? = nil) throws(FormatError) -> Matrix {
        try read(url, memoryLimit: memoryLimit).matrix
    }

    /// Reads a data file; `header` is nil when the first line holds numbers.
    /// - Throws: as `readMatrix(_:)`.
    public static func read(_ url: URL, memoryLimit: MemoryLimit? = nil) throws(FormatError) -> (header: [String]?, matrix: Matrix) {
        let data = try InputFile.contents(of: url)
        guard let text = String(data: data, encoding: .utf8) else {
            throw FormatError(file: url.relativePath, message: "is not UTF-8 text")
        }
        return try parse(text, file: url.relativePath, memoryLimit: memoryLimit)
    }

    /// Parses the text of a data file (see `read(_:)`); `file` names it in errors.
    /// - Parameter memoryLimit: the most the numbers may take in memory (8 bytes each).
    public static func parse(_ text: String, file: String,
                             memoryLimit: MemoryLimit? = nil) throws(FormatError) -> (header: [String]?, matrix: Matrix) {
        let budget = memoryLimit.map(MemoryBudget.init)
        var header: [String]?
        var width: Int?
        var values: [Double] = []
        var samples = 0
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        var widthLine = 0
        for (index, line) in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = index + 1
            let fields = fieldRanges(line)
            if fields.count == 1 && fields[0].text.isEmpty { continue }  // blank line
            func failure(_ column: Int, _ message: String) -> FormatError {
                FormatError(file: file, location: [.line(lineNumber, column: column)], message: message)
            }
            let numbers = fields.map { Double($0.text) }
            if width == nil {
                width = fields.count
                widthLine = lineNumber
                if numbers.allSatisfy({ $0 == nil }), fields.contains(where: { !$0.text.isEmpty }) {
                    header = fields.map { String($0.text) }
                    continue
                }
            }
            guard let expected = width, fields.count == expected else {
                let expected = width ?? 0
                let column = fields.count > expected ? fields[expected].column : line.count + 1
                throw failure(column, "\(fields.count) fields, expected \(expected) as on line \(widthLine)")
            }
            do {
                try budget?.reserve(fields.count)
            } catch {
                throw FormatError(file: file, location: [.line(lineNumber, column: 1)], refusing: "the samples up to this line", error)
            }
            for (field, number) in zip(fields, numbers) {
                guard let number else {
                    var shown = field.text.isEmpty ? "empty field" : "'\(field.text)' is not a number"
                    if header == nil, samples == 0, numbers.contains(where: { $0 != nil }),
                       zip(fields, numbers).contains(where: { !$0.text.isEmpty && $1 == nil }) {
                        // The first line: a header holds no number, data no text, this one both.
                        shown += " (the first line mixes numbers and text: a header line holds no number at all)"
                    }
                    throw failure(field.column, shown)
                }
                values.append(number)
            }
            samples += 1
        }
        guard samples > 0, let p = width else { throw FormatError(file: file, message: "holds no samples") }
        return (header, Matrix(rows: p, cols: samples, columnMajor: values))
    }

    /// The trimmed fields of one line and the 1-based column where each starts.
    private static func fieldRanges(_ line: Substring) -> [(text: Substring, column: Int)] {
        var result: [(text: Substring, column: Int)] = []
        var column = 1
        for raw in line.split(separator: ",", omittingEmptySubsequences: false) {
            let leading = raw.prefix { $0 == " " || $0 == "\t" }
            var text = raw.dropFirst(leading.count)
            while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
            result.append((text, column + leading.count))
            column += raw.count + 1
        }
        return result
    }

    /// The text of a data file with one line per sample (column of `matrix`).
    /// - Parameter header: feature names, one per row of `matrix`, or nil for no header line.
    /// - Returns: nil when a header name contains a comma, quote or line break (we write no quoting).
    public static func encode(_ matrix: Matrix, header: [String]? = nil) -> String? {
        var text = ""
        if let header {
            guard header.count == matrix.rows,
                  !header.contains(where: { $0.contains(where: { ",\"\n\r".contains($0) }) }) else { return nil }
            text += header.joined(separator: ",") + "\n"
        }
        for j in 0..<matrix.cols {
            text += matrix.column(j).map(\.description).joined(separator: ",") + "\n"
        }
        return text
    }

    /// Writes a q × m matrix (one sample per column) as m lines of q numbers, atomically.
    /// - Parameters:
    ///   - header: feature names, one per row of `matrix`, or nil.
    ///   - inputs: files that must not be overwritten.
    ///   - force: replace an existing file.
    /// - Throws: `FormatError` naming the file.
    public static func writeMatrix(_ matrix: Matrix, to url: URL, header: [String]? = nil,
                                   refusingToOverwrite inputs: [URL] = [], force: Bool = false) throws(FormatError) {
        guard let text = encode(matrix, header: header) else {
            throw FormatError(file: url.relativePath, message: "header names must be \(matrix.rows), without commas, quotes or line breaks")
        }
        try AtomicFileWriter.write(Data(text.utf8), to: url, refusingToOverwrite: inputs, force: force)
    }
}
