/// What composing a YAML text into Yams' node tree costs in memory, charged against
/// `--max-memory` before the text is handed to Yams.
///
/// Estimate: `bytesPerTextByte` · bytes + `bytesPerNode` · nodes, nodes counted by
/// `YAMLNestingCheck` (each `,` `:` `[` `{`, line break and leading dash outside quotes and
/// comments). The
/// constants are measured: the peak resident size of `implicit info` on one-line flow
/// networks of one 1200×1200 and one 1530×1530 weight, with numbers of 1 character (`0`), 3
/// (`0.5`) and 17–19 (`repr` of a random double), minus the 33 MiB of an `info` on a tiny file,
/// fits 7.1 bytes per byte of text (the text, libyaml's buffers, the scalars' strings) plus
/// 125–143 bytes per number (a `Node.scalar` with its tag, mark and style, the array slot that
/// holds it, and our double). Rounded up here, the estimate is 6–17 % above what was measured
/// (`docs/reliability.md`, "What a YAML model costs").
enum YAMLCompositionCost {
    static let bytesPerTextByte = 8
    static let bytesPerNode = 150

    /// The estimate in bytes, saturating at `Int.max`.
    static func bytes(textBytes: Int, nodes: Int) -> Int {
        let (text, textOverflow) = textBytes.multipliedReportingOverflow(by: bytesPerTextByte)
        let (tree, treeOverflow) = nodes.multipliedReportingOverflow(by: bytesPerNode)
        let (total, overflow) = text.addingReportingOverflow(tree)
        return textOverflow || treeOverflow || overflow ? Int.max : total
    }
}
