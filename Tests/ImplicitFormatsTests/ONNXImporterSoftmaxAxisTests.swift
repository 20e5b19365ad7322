import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// Softmax heads on tensors of rank > 2: opsets 1–12 normalise the axes from `axis` on together
/// (the input coerced to 2-D), opsets 13 and later the one axis. A head over all of a sample's
/// features reads, whatever the opset; anything else is refused with the semantics named.
struct ONNXImporterSoftmaxAxisTests {
    /// x (N, 6) → Reshape (0, a, b) → Softmax(axis) → Reshape (0, 6) → y.
    static func graph(opset: Int64, cube: [Int], axis: Int?) -> ONNXTestGraph {
        var g = ONNXTestGraph(features: 6)
        g.opset = opset
        g.initializer("cube", [cube.count + 1], [0] + cube.map(Double.init), .int64Data)
        g.initializer("flat", [2], [0, 6], .int64Data)
        g.node("Reshape", ["x", "cube"], ["c"])
        if let axis {
            g.node("Softmax", ["c"], ["s"], name: "head", ONNXTestGraph.int("axis", axis))
        } else {
            g.node("Softmax", ["c"], ["s"], name: "head")
        }
        g.node("Reshape", ["s", "flat"], ["y"])
        g.output("y", features: 6)
        return g
    }

    static func softmaxRows(_ m: Matrix) -> Matrix {
        var out = m
        for i in 0..<m.rows {
            let top = (0..<m.cols).map { m[i, $0] }.max() ?? 0
            let total = (0..<m.cols).reduce(0) { $0 + exp(m[i, $1] - top) }
            for j in 0..<m.cols { out[i, j] = exp(m[i, j] - top) / total }
        }
        return out
    }

    @Test(arguments: [
        (Int64(11), [2, 3], Int?.none),   // default axis 1: axes 1…2 together
        (Int64(11), [2, 3], Int?.some(1)),
        (Int64(12), [2, 3], Int?.some(-2)),
        (Int64(13), [1, 6], Int?.none),   // default axis −1, the other feature axis has extent 1
        (Int64(13), [6, 1], Int?.some(1)),
        (Int64(11), [1, 6], Int?.some(2)), // axes 2… together, axis 1 has extent 1
    ])
    func softmaxOverAllFeaturesIsTheHead(opset: Int64, cube: [Int], axis: Int?) throws {
        var rng = SeededGenerator(seed: 1330)
        let xr = rng.float32Matrix(4, 6)
        let network = try Self.graph(opset: opset, cube: cube, axis: axis).network()
        #expect(network.output.head == .softmax)
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(network, xr), Self.softmaxRows(xr), rtol: 1e-12, atol: 1e-15))
    }

    @Test(arguments: [
        (Int64(11), [2, 3], Int?.some(2), "at opset 11 Softmax coerces its input to 2-D at axis 2 and normalises axes 2…2 together, so each sample is 2 separately normalised groups"),
        (Int64(13), [2, 3], Int?.none, "at opset 13 Softmax normalises axis 2 alone, so each sample is 2 separately normalised groups"),
        (Int64(13), [2, 3], Int?.some(1), "at opset 13 Softmax normalises axis 1 alone, so each sample is 3 separately normalised groups"),
        (Int64(11), [2, 3], Int?.some(0), "which mixes samples"),
        (Int64(13), [2, 3], Int?.some(3), "axis 3 is out of range for rank 3"),
    ])
    func groupedSoftmaxIsRefused(opset: Int64, cube: [Int], axis: Int?, message: String) throws {
        let error = try #require(throws: FormatError.self) { try Self.graph(opset: opset, cube: cube, axis: axis).network() }
        #expect(error.description.contains("node 'head' (Softmax)"), "\(error)")
        #expect(error.description.contains(message), "\(error)")
    }

    /// A Softmax over (N, 1, 6) that stays 3-D at the output is refused at the output.
    @Test func threeDimensionalHeadOutputIsRefused() throws {
        var g = ONNXTestGraph(features: 6)
        g.opset = 13
        g.initializer("cube", [3], [0, 1, 6], .int64Data)
        g.node("Reshape", ["x", "cube"], ["c"])
        g.node("Softmax", ["c"], ["y"], name: "head")
        g.output("y", features: 6)
        let error = try #require(throws: FormatError.self) { try g.network() }
        #expect(error.description.contains("output 'y'") && error.description.contains("only (N, outputs) is supported"), "\(error)")
    }
}
