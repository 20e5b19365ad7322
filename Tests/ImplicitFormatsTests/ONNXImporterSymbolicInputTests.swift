import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// The input itself, and what normalisation, slicing and joining make of it, is a row selection
/// during import (`AffineCoefficient.selection`): a wide input goes through them and a Gemm
/// without a p × p identity, and a layer spells out only the matrix it holds.
struct ONNXImporterSymbolicInputTests {
    /// 20000 features: a spelled-out identity would be 3.2 GB, 50 times this limit.
    static let wide = 20000
    static let limit = MemoryLimit(bytes: 64 << 20)

    /// y = W · [n[0..<5000]; n[15000..<20000]] + c with n = (x − m) / s, against the sum
    /// computed sample by sample.
    @Test func wideInputIsNormalisedSlicedJoinedAndMultipliedWithinALimitFarBelowItsIdentity() throws {
        let p = Self.wide
        var rng = SeededGenerator(seed: 40)
        let m = rng.vector(p), s = rng.vector(p).map { 0.5 + abs($0) }
        let w = rng.matrix(3, 10000), c = rng.vector(3), xr = rng.matrix(2, p)
        var g = ONNXTestGraph(features: p)
        g.initializer("m", [p], m, .doubleData)
        g.initializer("s", [1, p], s, .doubleData)
        g.initializer("W", w, .doubleData)
        g.initializer("c", [3], c, .doubleData)
        for (name, values) in [("starts1", [0.0]), ("ends1", [5000]), ("starts2", [15000]), ("ends2", [Double(p)]), ("axes", [1])] {
            g.initializer(name, [1], values, .int64Data)
        }
        g.node("Sub", ["x", "m"], ["centred"])
        g.node("Div", ["centred", "s"], ["n"])
        g.node("Slice", ["n", "starts1", "ends1", "axes"], ["head"])
        g.node("Slice", ["n", "starts2", "ends2", "axes"], ["tail"])
        g.node("Concat", ["head", "tail"], ["joined"], ONNXTestGraph.int("axis", 1))
        g.node("Gemm", ["joined", "W", "c"], ["y"], ONNXTestGraph.int("transB", 1))
        g.output("y", features: 3)
        let network = try ONNXImporter(file: "wide.onnx", memoryLimit: Self.limit).read(g.data()).network
        #expect(network.layers.isEmpty)
        let picked = Array(0..<5000) + Array(15000..<p)
        var expected = Matrix(rows: 2, cols: 3)
        for sample in 0..<2 {
            for k in 0..<3 {
                var sum = c[k]
                for (j, feature) in picked.enumerated() { sum += w[k, j] * (xr[sample, feature] - m[feature]) / s[feature] }
                expected[sample, k] = sum
            }
        }
        let predicted = try ONNXImporterLinearTests.predictRows(network, xr)
        #expect(TestTolerance.close(predicted, expected, rtol: 1e-10, atol: 1e-10), "\(predicted) vs \(expected)")
    }

    /// Relu(x + c) holds I as its weight: spelled out exactly for 3 features, and charged to
    /// the memory limit (and refused, naming it) for 20000.
    @Test func aLayerOnTheInputItselfSpellsOutItsIdentityWithinTheLimit() throws {
        var g = ONNXTestGraph(features: 3)
        g.initializer("c", [3], [1, -2, 0.5])
        g.node("Add", ["x", "c"], ["a"])
        g.node("Relu", ["a"], ["y"])
        g.output("y", features: 3)
        let network = try g.network()
        #expect(network.layers.count == 1)
        #expect(network.layers[0].terms.map(\.source) == ["x"])
        #expect(network.layers[0].terms[0].weight == Matrix.identity(3))
        #expect(network.layers[0].bias == [1, -2, 0.5])

        var wide = ONNXTestGraph(features: Self.wide)
        wide.initializer("c", [Self.wide], [Double](repeating: 1, count: Self.wide))
        wide.node("Add", ["x", "c"], ["a"])
        wide.node("Relu", ["a"], ["y"])
        wide.output("y", features: Self.wide)
        #expect {
            try ONNXImporter(file: "wide.onnx", memoryLimit: Self.limit).read(wide.data())
        } throws: { error in
            "\(error)".contains("wide.onnx") && "\(error)".contains("the layer's weight on 'x'")
        }
    }
}
