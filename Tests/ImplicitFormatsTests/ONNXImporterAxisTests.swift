import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// Axes as every operator reads them (`ONNXNodeContext.normalizedAxis`): a negative axis is
/// axis + rank, so both spellings give the network of the direct computation, a column
/// selection of the input; an axis outside the rank is refused in one wording, with the node
/// named. And axes of extent 1 removed (`ONNXValue.removingAxes`) by Squeeze, a scalar-index
/// Gather and SplitToSequence(keepdims=0), on tensors computed from the input and on constants.
struct ONNXImporterAxisTests {
    /// x (N, 6), seen as (N, 2, 3) where an operator needs three axes: feature (i, j) is
    /// column 3i + j (C order).
    static let cube = "cube"

    /// x (N, 6) → `build` (reads `x` or `c`, the (N, 2, 3) reshape; writes `t`) → Reshape
    /// (0, -1) → MatMul W (k × 2) → y, predicted for `xr`.
    static func predicted(features k: Int, weight w: Matrix, on xr: Matrix,
                          _ build: (inout ONNXTestGraph) -> Void) throws -> Matrix {
        var g = ONNXTestGraph(features: 6)
        g.initializer(cube, [3], [0, 2, 3], .int64Data)
        g.initializer("flat", [2], [0, -1], .int64Data)
        g.node("Reshape", ["x", cube], ["c"])
        build(&g)
        g.initializer("W", w)
        g.node("Reshape", ["t", "flat"], ["tf"])
        g.node("MatMul", ["tf", "W"], ["y"])
        g.output("y", features: 2)
        return try ONNXImporterLinearTests.predictRows(g.network(), xr)
    }

    /// The columns `columns` of `xr`, in that order: what a selection of features computes.
    static func columns(_ xr: Matrix, _ columns: [Int]) -> Matrix {
        xr.submatrix(rows: Array(0..<xr.rows), cols: columns)
    }

    /// Checks that `build(axis)` predicts the columns `selected` of the input times W for each
    /// spelling of the axis.
    static func expectSelection(_ selected: [Int], axes: [Int], seed: UInt64,
                                _ build: @escaping (inout ONNXTestGraph, Int) -> Void) throws {
        var rng = SeededGenerator(seed: seed)
        let xr = rng.float32Matrix(5, 6), w = rng.float32Matrix(selected.count, 2)
        let expected = columns(xr, selected) * w
        for axis in axes {
            let got = try predicted(features: selected.count, weight: w, on: xr) { build(&$0, axis) }
            #expect(TestTolerance.close(got, expected, rtol: 1e-12, atol: 1e-12), "axis \(axis): \(TestTolerance.worst(got, expected))")
        }
    }

    // MARK: - A negative axis counts from the end

    @Test func gatherAlongTheLastAxis() throws {
        // (N, 2, 3) gathered at [2, 0] along axis 2: (i, k) is column 3i + [2, 0][k].
        try Self.expectSelection([2, 0, 5, 3], axes: [2, -1], seed: 70) { g, axis in
            g.initializer("idx", [2], [2, 0], .int64Data)
            g.node("Gather", ["c", "idx"], ["t"], name: "pick", ONNXTestGraph.int("axis", axis))
        }
    }

    @Test func flattenAtTheFirstFeatureAxis() throws {
        try Self.expectSelection(Array(0..<6), axes: [1, -2], seed: 71) { g, axis in
            g.node("Flatten", ["c"], ["t"], ONNXTestGraph.int("axis", axis))
        }
    }

    @Test func sliceWithANegativeAxisAndEnd() throws {
        // ends −1 is position 5 of 6.
        try Self.expectSelection([1, 2, 3, 4], axes: [1, -1], seed: 72) { g, axis in
            g.initializer("starts", [1], [1], .int64Data)
            g.initializer("ends", [1], [-1], .int64Data)
            g.initializer("axes", [1], [Double(axis)], .int64Data)
            g.node("Slice", ["x", "starts", "ends", "axes"], ["t"])
        }
    }

    @Test func concatAlongTheFirstFeatureAxis() throws {
        // (N, 2, 3) joined to itself along axis 1: (N, 4, 3), the features twice.
        try Self.expectSelection(Array(0..<6) + Array(0..<6), axes: [1, -2], seed: 73) { g, axis in
            g.node("Concat", ["c", "c"], ["t"], ONNXTestGraph.int("axis", axis))
        }
    }

    @Test func unsqueezeThenSqueezeTheSameAxis() throws {
        // (N, 2, 3) → (N, 2, 1, 3) → (N, 2, 3); the inserted axis is 2 of rank 4 (−2).
        try Self.expectSelection(Array(0..<6), axes: [2, -2], seed: 74) { g, axis in
            g.initializer("axes", [1], [Double(axis)], .int64Data)
            g.node("Unsqueeze", ["c", "axes"], ["u"])
            g.node("Squeeze", ["u", "axes"], ["t"])
        }
    }

    @Test func softmaxOverTheLastAxis() throws {
        // x (N, 6) → Softmax(axis) over its one feature axis: the head, whichever spelling.
        var rng = SeededGenerator(seed: 75)
        let xr = rng.float32Matrix(4, 6)
        for axis in [1, -1] {
            var g = ONNXTestGraph(features: 6)
            g.node("Softmax", ["x"], ["y"], ONNXTestGraph.int("axis", axis))
            g.output("y", features: 6)
            let got = try ONNXImporterLinearTests.predictRows(g.network(), xr)
            let expected = ONNXImporterSoftmaxAxisTests.softmaxRows(xr)
            #expect(TestTolerance.close(got, expected, rtol: 1e-12, atol: 1e-15), "axis \(axis): \(TestTolerance.worst(got, expected))")
        }
    }

    @Test func flattenOfAConstantAtEitherEnd() throws {
        // Flatten's axis runs over −r … r: for W (2, 3), axis 2 gives (6, 1), −2 gives (1, 6).
        var rng = SeededGenerator(seed: 76)
        let w = rng.float32Matrix(2, 3), xr = rng.float32Matrix(5, 6)
        let column = Matrix(rows: 6, cols: 1, rowMajor: w.rowMajor)
        for (axis, transB) in [(2, 0), (-2, 1)] {
            var g = ONNXTestGraph(features: 6)
            g.initializer("W", w)
            g.node("Flatten", ["W"], ["wf"], ONNXTestGraph.int("axis", axis))
            g.node("Gemm", ["x", "wf"], ["y"], ONNXTestGraph.int("transB", transB))
            g.output("y", features: 1)
            let got = try ONNXImporterLinearTests.predictRows(g.network(), xr)
            #expect(TestTolerance.close(got, xr * column, rtol: 1e-12, atol: 1e-12), "axis \(axis): \(TestTolerance.worst(got, xr * column))")
        }
    }

    // MARK: - An axis outside the rank: one wording

    enum OutOfRange: CaseIterable, Sendable {
        case softmax, split, gatherData, gatherConstant, flattenData, flattenConstant, concatData, concatConstants,
             concatExtents, slice, layerNormalization, squeeze, unsqueeze, reduceMean

        /// The graph with node 'bad' reading the axis into `t`, and the refusal it must give.
        func graph() -> (ONNXTestGraph, String) {
            var g = ONNXTestGraph(features: 6)
            g.initializer(ONNXImporterAxisTests.cube, [3], [0, 2, 3], .int64Data)
            g.node("Reshape", ["x", ONNXImporterAxisTests.cube], ["c"])
            g.initializer("W", [2, 3], [1, 2, 3, 4, 5, 6])
            let message: String
            switch self {
            case .softmax:
                g.node("Softmax", ["x"], ["t"], name: "bad", ONNXTestGraph.int("axis", -3))
                message = "axis -3 is out of range for rank 2"
            case .split:
                g.node("Split", ["c"], ["t", "u"], name: "bad", ONNXTestGraph.int("axis", 3))
                message = "axis 3 is out of range for rank 3"
            case .gatherData:
                g.initializer("idx", [1], [0], .int64Data)
                g.node("Gather", ["c", "idx"], ["t"], name: "bad", ONNXTestGraph.int("axis", -4))
                message = "axis -4 is out of range for rank 3"
            case .gatherConstant:
                g.initializer("idx", [1], [0], .int64Data)
                g.node("Gather", ["W", "idx"], ["t"], name: "bad", ONNXTestGraph.int("axis", 2))
                message = "axis 2 is out of range for rank 2"
            case .flattenData:
                g.node("Flatten", ["c"], ["t"], name: "bad", ONNXTestGraph.int("axis", 4))
                message = "axis 4 is out of range for rank 3"
            case .flattenConstant:
                g.node("Flatten", ["W"], ["t"], name: "bad", ONNXTestGraph.int("axis", -3))
                message = "axis -3 is out of range for rank 2"
            case .concatData:
                g.node("Concat", ["c", "c"], ["t"], name: "bad", ONNXTestGraph.int("axis", 3))
                message = "axis 3 is out of range for rank 3"
            case .concatConstants:
                // The axis as given, not as counted from the end (−5 + 2 = −3).
                g.node("Concat", ["W", "W"], ["t"], name: "bad", ONNXTestGraph.int("axis", -5))
                message = "axis -5 is out of range for rank 2"
            case .concatExtents:
                g.node("Shape", ["x"], ["s"])
                g.node("Concat", ["s", "s"], ["t"], name: "bad", ONNXTestGraph.int("axis", 1))
                message = "axis 1 is out of range for rank 1"
            case .slice:
                for (name, value) in [("starts", 0.0), ("ends", 2), ("axes", -3)] { g.initializer(name, [1], [value], .int64Data) }
                g.node("Slice", ["x", "starts", "ends", "axes"], ["t"], name: "bad")
                message = "axis -3 is out of range for rank 2"
            case .layerNormalization:
                g.initializer("scale", [6], [Double](repeating: 1, count: 6))
                g.node("LayerNormalization", ["x", "scale"], ["t"], name: "bad", ONNXTestGraph.int("axis", 2))
                message = "axis 2 is out of range for rank 2"
            case .squeeze:
                g.initializer("axes", [1], [3], .int64Data)
                g.node("Squeeze", ["c", "axes"], ["t"], name: "bad")
                message = "axis 3 is out of range for rank 3"
            case .unsqueeze:
                // The output has rank 4: axis 4 is past its end.
                g.initializer("axes", [1], [4], .int64Data)
                g.node("Unsqueeze", ["c", "axes"], ["t"], name: "bad")
                message = "axis 4 is out of range for rank 4"
            case .reduceMean:
                g.node("ReduceMean", ["c"], ["t"], name: "bad", ONNXImporterOpsetTests.ints("axes", [-4]))
                message = "axis -4 is out of range for rank 3"
            }
            return (g, message)
        }
    }

    /// The graph, read with `t` as its output, fails at node 'bad' with `message`.
    static func expectRefused(_ graph: (ONNXTestGraph, String)) throws {
        var (g, message) = graph
        g.output("t", features: 6)
        let error = try #require(throws: FormatError.self) { try g.network() }
        #expect(error.description.contains("node 'bad' (") && error.description.hasSuffix(message), "\(error)")
    }

    @Test(arguments: OutOfRange.allCases)
    func anAxisOutsideTheRankIsRefusedInOneWording(_ kind: OutOfRange) throws { try Self.expectRefused(kind.graph()) }

    @Test func anAxisNamedTwiceIsRefused() throws {
        var g = ONNXTestGraph(features: 6)
        g.initializer(Self.cube, [4], [0, 1, 6, 1], .int64Data)
        g.initializer("axes", [2], [1, -3], .int64Data)
        g.node("Reshape", ["x", Self.cube], ["c"])
        g.node("Squeeze", ["c", "axes"], ["y"], name: "bad")
        g.output("y", features: 6)
        let error = try #require(throws: FormatError.self) { try g.network() }
        #expect(error.description.hasSuffix("node 'bad' (Squeeze): axes [1, -3] name an axis twice"), "\(error)")
    }

    // MARK: - Removing axes of extent 1

    @Test func squeezeWithAndWithoutAxes() throws {
        // (N, 6) → (N, 1, 6, 1) → (N, 6), by naming the axes or by default.
        for axes in [[1, 3], [-3, -1], nil] as [[Int]?] {
            try Self.expectSelection(Array(0..<6), axes: [0], seed: 77) { g, _ in
                g.initializer("tall", [4], [0, 1, 6, 1], .int64Data)
                g.node("Reshape", ["x", "tall"], ["r"])
                if let axes {
                    g.initializer("axes", [axes.count], axes.map(Double.init), .int64Data)
                    g.node("Squeeze", ["r", "axes"], ["t"])
                } else {
                    g.node("Squeeze", ["r"], ["t"])
                }
            }
        }
    }

    @Test func gatherWithAScalarIndexRemovesTheAxis() throws {
        // (N, 2, 3) at index −1 of axis 1: row 1 of each sample, (N, 3).
        try Self.expectSelection([3, 4, 5], axes: [1, -2], seed: 78) { g, axis in
            g.initializer("last", [], [-1], .int64Data)
            g.node("Gather", ["c", "last"], ["t"], ONNXTestGraph.int("axis", axis))
        }
    }

    @Test func splitToSequenceWithoutKeepdimsRemovesTheAxis() throws {
        // (N, 2, 3) cut into parts of 1 along axis 2, the axis removed: part k is (N, 2),
        // columns k and 3 + k; SequenceAt −1 is part 2.
        try Self.expectSelection([2, 5], axes: [2, -1], seed: 79) { g, axis in
            g.initializer("at", [], [-1], .int64Data)
            g.node("SplitToSequence", ["c"], ["parts"], ONNXTestGraph.int("axis", axis), ONNXTestGraph.int("keepdims", 0))
            g.node("SequenceAt", ["parts", "at"], ["t"])
        }
    }

    @Test func constantsLoseTheirAxesOfOne() throws {
        // V (3, 1, 2) squeezed, V (2, 3, 2) at index 1 of axis 0 (Gather) and at part 1 of
        // axis 0 (SplitToSequence, keepdims 0): each a 3 × 2 weight, compared with x · that.
        var rng = SeededGenerator(seed: 80)
        let xr = rng.float32Matrix(5, 3), stack = rng.float32Matrix(2, 6)
        let second = Matrix(rows: 3, cols: 2, rowMajor: stack.row(1))
        let builds: [(String, (inout ONNXTestGraph) -> Void)] = [
            ("Squeeze", { g in
                g.initializer("V", [3, 1, 2], second.rowMajor)
                g.node("Squeeze", ["V"], ["w"])
            }),
            ("Gather", { g in
                g.initializer("V", [2, 3, 2], stack.rowMajor)
                g.initializer("one", [], [1], .int64Data)
                g.node("Gather", ["V", "one"], ["w"], ONNXTestGraph.int("axis", 0))
            }),
            ("SplitToSequence", { g in
                g.initializer("V", [2, 3, 2], stack.rowMajor)
                g.initializer("one", [], [1], .int64Data)
                g.node("SplitToSequence", ["V"], ["parts"], ONNXTestGraph.int("axis", 0), ONNXTestGraph.int("keepdims", 0))
                g.node("SequenceAt", ["parts", "one"], ["w"])
            }),
        ]
        for (op, build) in builds {
            var g = ONNXTestGraph(features: 3)
            build(&g)
            g.node("MatMul", ["x", "w"], ["y"])
            g.output("y", features: 2)
            let got = try ONNXImporterLinearTests.predictRows(g.network(), xr)
            #expect(TestTolerance.close(got, xr * second, rtol: 1e-12, atol: 1e-12), "\(op): \(TestTolerance.worst(got, xr * second))")
        }
    }

    enum Removal: CaseIterable, Sendable {
        case batchAxis, extentNotOne, constantExtentNotOne, lastFeatureBySqueeze, lastFeatureByGather,
             lastFeatureBySplitToSequence, samplesInColumns

        /// The graph with node 'bad' removing an axis into `t`, and the refusal it must give.
        func graph() -> (ONNXTestGraph, String) {
            var g = ONNXTestGraph(features: 6)
            g.initializer("tall", [3], [0, 1, 6], .int64Data)
            g.node("Reshape", ["x", "tall"], ["r"])
            g.initializer("W", [6, 1], [1, 2, 3, 4, 5, 6])
            g.node("MatMul", ["x", "W"], ["one"])
            let message: String
            switch self {
            case .batchAxis:
                g.initializer("axes", [1], [0], .int64Data)
                g.node("Squeeze", ["r", "axes"], ["t"], name: "bad")
                message = "removing the batch axis 0 of (N, 1, 6) is not supported"
            case .extentNotOne:
                g.initializer("axes", [1], [-1], .int64Data)
                g.node("Squeeze", ["r", "axes"], ["t"], name: "bad")
                message = "axis 2 of (N, 1, 6) has extent 6, not 1"
            case .constantExtentNotOne:
                g.initializer("axes", [1], [0], .int64Data)
                g.node("Squeeze", ["W", "axes"], ["t"], name: "bad")
                message = "axis 0 of (6, 1) has extent 6, not 1"
            case .lastFeatureBySqueeze:
                g.node("Squeeze", ["one"], ["t"], name: "bad")
                message = "removing axis 1 of (N, 1) leaves no feature axis"
            case .lastFeatureByGather:
                g.initializer("idx", [], [2], .int64Data)
                g.node("Gather", ["x", "idx"], ["t"], name: "bad", ONNXTestGraph.int("axis", 1))
                message = "removing axis 1 of (N, 1) leaves no feature axis"
            case .lastFeatureBySplitToSequence:
                g.node("SplitToSequence", ["x"], ["t"], name: "bad", ONNXTestGraph.int("axis", 1), ONNXTestGraph.int("keepdims", 0))
                message = "removing axis 1 of (N, 1) leaves no feature axis"
            case .samplesInColumns:
                // Gemm(Wᵀ, x, transB) is (1, N), samples in columns: its one feature axis is 0.
                g.initializer("idx", [], [0], .int64Data)
                g.node("Gemm", ["W", "x"], ["col"], ONNXTestGraph.int("transA", 1), ONNXTestGraph.int("transB", 1))
                g.node("Gather", ["col", "idx"], ["t"], name: "bad", ONNXTestGraph.int("axis", 0))
                message = "removing axis 0 of (1, N) leaves no feature axis"
            }
            return (g, message)
        }
    }

    @Test(arguments: Removal.allCases)
    func removingAnAxisIsRefusedWithTheShapeNamed(_ kind: Removal) throws { try Self.expectRefused(kind.graph()) }
}
