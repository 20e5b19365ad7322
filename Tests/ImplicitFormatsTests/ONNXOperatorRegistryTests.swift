import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// The registry is one table: each operator has one translator, which says whether it gives
/// the node's first output (all but Split) or every output; the walker records both kinds
/// through one path, skipping outputs the graph leaves unnamed.
struct ONNXOperatorRegistryTests {
    @Test func oneTableOfTranslatorsOnlySplitGivesEveryOutput() {
        let table = ONNXOperatorRegistry.standard.translators
        #expect(ONNXImporter.supportedOperators == table.keys.sorted())
        let everyOutput = table.filter { if case .everyOutput = $0.value { return true } else { return false } }
        #expect(everyOutput.keys.sorted() == ["Split"])
    }

    /// x (N, 6) → Split into (N, 3) halves with the first output unnamed → second half · W.
    @Test func anUnnamedOutputOfSplitIsSkipped() throws {
        var rng = SeededGenerator(seed: 81)
        let w = rng.float32Matrix(3, 2), xr = rng.float32Matrix(4, 6)
        var g = ONNXTestGraph(features: 6)
        g.initializer("W", w)
        g.node("Split", ["x"], ["", "second"], name: "halves", ONNXTestGraph.int("axis", 1))
        g.node("MatMul", ["second", "W"], ["y"])
        g.output("y", features: 2)
        let expected = xr.columns(3..<6) * w
        let got = try ONNXImporterLinearTests.predictRows(g.network(), xr)
        #expect(TestTolerance.close(got, expected, rtol: 1e-12, atol: 1e-12), "\(TestTolerance.worst(got, expected))")
    }

    /// A first-output translator needs its first output named: Dropout(x) → ("", mask) read.
    @Test func aFirstOutputNodeWithoutItsFirstOutputIsRefused() throws {
        var g = ONNXTestGraph(features: 6)
        g.node("Dropout", ["x"], ["", "mask"], name: "drop")
        g.node("Identity", ["mask"], ["y"])
        g.output("y", features: 6)
        let error = try #require(throws: FormatError.self) { try g.network() }
        #expect(error.description.hasSuffix("node 'drop' (Dropout): the node has no output"), "\(error)")
    }
}
