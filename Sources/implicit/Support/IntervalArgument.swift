import ArgumentParser

/// An interval given on the command line as `lo,hi` (`--box`, `--clip`), which may start with a
/// minus sign: its options are declared with `parsing: .unconditional` so `--box -1,1` parses.
struct IntervalArgument {
    let lower: Double
    let upper: Double

    /// Parses `lo,hi`.
    /// - Throws: `ValidationError` naming the flag when the text is not two numbers with lo ≤ hi.
    init(_ text: String, flag: String) throws {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lo = parts[0], let hi = parts[1] else {
            throw ValidationError("\(flag) takes 'lo,hi', two numbers separated by a comma")
        }
        guard lo <= hi else { throw ValidationError("\(flag) \(text): lo must not exceed hi") }
        lower = lo
        upper = hi
    }
}
