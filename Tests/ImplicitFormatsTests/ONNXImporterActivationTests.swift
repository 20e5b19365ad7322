import Foundation
import Testing
@testable import ImplicitFormats
import ImplicitModel
import ImplicitTestSupport

/// The activation operators and the exporters' decompositions: each import is compared with
/// the formula evaluated directly on the test's own numbers (onnxruntime comparisons of torch
/// exports are in Tests/Interop/test_activations.py).
struct ONNXImporterActivationTests {
    static func string(_ name: String, _ v: String) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto(); a.name = name; a.type = .string; a.s = Data(v.utf8); return a
    }

    /// x (N, 3) → MatMul W → `build(z)` writes the activation into "a" → y = a.
    static func graph(opset: Int64 = 17, _ build: (inout ONNXTestGraph) -> Void) -> (ONNXTestGraph, Matrix) {
        var rng = SeededGenerator(seed: 77)
        let w = 4 * rng.float32Matrix(3, 4)
        var g = ONNXTestGraph(features: 3)
        g.opset = opset
        g.initializer("W", w)
        g.node("MatMul", ["x", "W"], ["z"], name: "fc")
        build(&g)
        g.output("a", features: 4)
        return (g, w)
    }

    /// The network's one layer, after checking its outputs against φ(xW) for random rows.
    func imported(_ g: ONNXTestGraph, _ w: Matrix, expect phi: Activation) throws {
        let network = try g.network()
        #expect(network.layers.map(\.sharedActivation) == [phi])
        var rng = SeededGenerator(seed: 78)
        let xr = 3 * rng.float32Matrix(9, 3)
        let expected = Reference.map(xr * w) { phi($0) }
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(network, xr), expected, rtol: 1e-12, atol: 1e-12))
    }

    @Test func attributeOperators() throws {
        let cases: [(String, [Onnx_AttributeProto], Activation)] = [
            ("Gelu", [], .gelu), ("Gelu", [Self.string("approximate", "tanh")], .geluTanh),
            ("Mish", [], .mish), ("Softsign", [], .softsign), ("HardSwish", [], .hardSwish),
            ("Elu", [ONNXTestGraph.float("alpha", 0.5)], .elu(alpha: 0.5)), ("Selu", [], .selu),
            ("Celu", [ONNXTestGraph.float("alpha", 2)], .celu(alpha: 2)),
            ("HardSigmoid", [], .hardSigmoid(alpha: 0.2, beta: 0.5)),
            ("ThresholdedRelu", [ONNXTestGraph.float("alpha", 0.5)], .thresholdedReLU(alpha: 0.5)),
            ("Softplus", [], .softplus),
        ]
        for (op, attributes, phi) in cases {
            let (g, w) = Self.graph(opset: 20) { g in
                var n = Onnx_NodeProto(); n.opType = op; n.input = ["z"]; n.output = ["a"]; n.name = "act"; n.attribute = attributes
                g.nodes.append(n)
            }
            try imported(g, w, expect: phi)
        }
    }

    @Test func seluWithOtherConstantsIsRefused() throws {
        let (g, _) = Self.graph { $0.node("Selu", ["z"], ["a"], name: "act", ONNXTestGraph.float("alpha", 1.5)) }
        #expect { try g.network() } throws: { "\($0)".contains("node 'act' (Selu)") && "\($0)".contains("PyTorch's SELU constants") }
    }

    /// Clip's bounds: attributes before opset 11, optional inputs since (an empty name is absent).
    @Test func clipAcrossOpsets() throws {
        let (old, w) = Self.graph(opset: 10) { $0.node("Clip", ["z"], ["a"], ONNXTestGraph.float("min", 0), ONNXTestGraph.float("max", 6)) }
        try imported(old, w, expect: .clip(lower: 0, upper: 6))
        let (upperOnly, w2) = Self.graph(opset: 13) { g in
            g.initializer("hi", [], [2])
            g.node("Clip", ["z", "", "hi"], ["a"])
        }
        try imported(upperOnly, w2, expect: .clip(lower: -.infinity, upper: 2))
        let (empty, _) = Self.graph(opset: 13) { g in
            g.initializer("lo", [], [3]); g.initializer("hi", [], [2])
            g.node("Clip", ["z", "lo", "hi"], ["a"], name: "clip")
        }
        #expect { try empty.network() } throws: { "\($0)".contains("node 'clip' (Clip)") && "\($0)".contains("not an interval") }
    }

    /// PRelu slopes in PyTorch's shapes, negative and above 1 included; per-unit slopes that
    /// differ make one layer with a slope per state.
    @Test func preluSlopes() throws {
        for (dims, values, slope) in [([1], [0.25], 0.25), ([4], [-0.5, -0.5, -0.5, -0.5], -0.5), ([1, 4], [1.5, 1.5, 1.5, 1.5], 1.5)] {
            let (g, w) = Self.graph { g in
                g.initializer("slope", dims, values)
                g.node("PRelu", ["z", "slope"], ["a"])
            }
            try imported(g, w, expect: .leakyReLU(alpha: slope))
        }
        let slopes = [-0.5, 0.2, 1.5, 0.2].map { Double(Float($0)) }
        let (g, w) = Self.graph { g in
            g.initializer("slope", [1, 4], slopes)
            g.node("PRelu", ["z", "slope"], ["a"], name: "prelu")
        }
        let network = try g.network()
        #expect(network.layers.map(\.map) == [.perState(slopes.map { .leakyReLU(alpha: $0) })])
        var rng = SeededGenerator(seed: 81)
        let xr = 3 * rng.float32Matrix(9, 3)
        var expected = xr * w
        for i in 0..<expected.rows { for j in 0..<expected.cols where expected[i, j] < 0 { expected[i, j] *= slopes[j] } }
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(network, xr), expected, rtol: 1e-12, atol: 1e-12))
        let model = try ImplicitModel(assembling: network)
        #expect(model.states.count == 1 && model.stateActivations == slopes.map { .leakyReLU(alpha: $0) })
    }

    /// A per-unit PReLU network through YAML (network and implicit), protobuf (binary and
    /// text), NPZ and ONNX and back: the per-state slopes and the outputs survive every step.
    @Test func perStateSlopesSurviveEveryFormat() throws {
        let slopes = [-0.5, 0.25, 1.5, 0.25]
        let (g, w) = Self.graph { g in
            g.initializer("slope", [4], slopes)
            g.node("PRelu", ["z", "slope"], ["a"], name: "prelu")
        }
        let network = try g.network()
        let directory = try TemporaryDirectory()
        var rng = SeededGenerator(seed: 82)
        let xr = 3 * rng.float32Matrix(7, 3)
        var expected = xr * w
        for i in 0..<expected.rows { for j in 0..<expected.cols where expected[i, j] < 0 { expected[i, j] *= slopes[j] } }
        var document = ModelDocument.network(network)
        for (step, form) in [("net.yaml", ModelFile.Form.network), ("net.pb", .network), ("implicit.yaml", .implicit),
                             ("implicit.txtpb", .implicit), ("model.npz", nil), ("model.onnx", nil), ("back.npz", nil)] {
            let path = directory.file(step).path
            try ModelFile.write(document, to: path, form: form, inputs: [], force: false)
            document = try ModelFile.read(path)
            let model = try document.implicitModel()
            #expect(model.stateActivations == slopes.map { .leakyReLU(alpha: $0) }, "\(step)")
            #expect(model.states.count == 1, "\(step)")
            let predicted = try model.predict(xr.transposed()).transposed()
            #expect(TestTolerance.close(predicted, expected, rtol: 1e-6, atol: 1e-6), "\(step)")
        }
    }

    /// The legacy exporter's GELU, in its order and in a permuted one with 1/√2 as a product.
    @Test func geluPatterns() throws {
        let (legacy, w) = Self.graph { g in
            g.initializer("root2", [], [Double(2).squareRoot()]); g.initializer("one", [], [1]); g.initializer("half", [], [0.5])
            g.node("Div", ["z", "root2"], ["d"]); g.node("Erf", ["d"], ["e"]); g.node("Add", ["e", "one"], ["p"])
            g.node("Mul", ["z", "p"], ["m"]); g.node("Mul", ["m", "half"], ["a"])
        }
        try imported(legacy, w, expect: .gelu)
        let (permuted, w2) = Self.graph { g in
            g.initializer("inv", [1], [1 / Double(2).squareRoot()]); g.initializer("one", [], [1]); g.initializer("half", [], [0.5])
            g.node("Mul", ["inv", "z"], ["d"]); g.node("Erf", ["d"], ["e"]); g.node("Add", ["one", "e"], ["p"])
            g.node("Mul", ["half", "z"], ["h"]); g.node("Mul", ["p", "h"], ["a"])
        }
        try imported(permuted, w2, expect: .gelu)
    }

    /// SiLU, Swish β, Mish, Softsign and the default exporter's thresholded Softplus.
    @Test func otherPatterns() throws {
        let (silu, w) = Self.graph { g in g.node("Sigmoid", ["z"], ["s"]); g.node("Mul", ["z", "s"], ["a"]) }
        try imported(silu, w, expect: .silu)
        let (swish, w1) = Self.graph { g in
            g.initializer("beta", [], [2]); g.node("Mul", ["z", "beta"], ["bz"]); g.node("Sigmoid", ["bz"], ["s"]); g.node("Mul", ["s", "z"], ["a"])
        }
        try imported(swish, w1, expect: .swish(beta: 2))
        let (mish, w2) = Self.graph { g in g.node("Softplus", ["z"], ["sp"]); g.node("Tanh", ["sp"], ["t"]); g.node("Mul", ["z", "t"], ["a"]) }
        try imported(mish, w2, expect: .mish)
        let (softsign, w3) = Self.graph { g in
            g.initializer("one", [], [1]); g.node("Abs", ["z"], ["abs"]); g.node("Add", ["abs", "one"], ["d"]); g.node("Div", ["z", "d"], ["a"])
        }
        try imported(softsign, w3, expect: .softsign)
        let (softplus, w4) = Self.graph { g in
            g.initializer("threshold", [], [20]); g.node("Softplus", ["z"], ["sp"]); g.node("Greater", ["z", "threshold"], ["c"])
            g.node("Where", ["c", "z", "sp"], ["a"])
        }
        try imported(softplus, w4, expect: .softplus)
    }

    /// `Where(2z > 20, z, Softplus(2z)/2)`: the layer is softplus of 2z, read out with ½.
    @Test func softplusWithBeta() throws {
        let (g, w) = Self.graph { g in
            g.initializer("beta", [], [2]); g.initializer("threshold", [], [20])
            g.node("Mul", ["z", "beta"], ["bz"]); g.node("Softplus", ["bz"], ["sp"]); g.node("Div", ["sp", "beta"], ["scaled"])
            g.node("Greater", ["bz", "threshold"], ["c"]); g.node("Where", ["c", "z", "scaled"], ["a"])
        }
        let network = try g.network()
        #expect(network.layers.map(\.sharedActivation) == [.softplus])
        var rng = SeededGenerator(seed: 79)
        let xr = 3 * rng.float32Matrix(9, 3)
        let expected = Reference.map(xr * w) { z in 2 * z > 20 ? z : Activation.softplus(2 * z) / 2 }
        #expect(TestTolerance.close(try ONNXImporterLinearTests.predictRows(network, xr), expected, rtol: 1e-12, atol: 1e-12))
    }

    /// Lookalikes stay not affine, with the reading node named: SiLU's shape of two tensors, a
    /// GELU without its ½, a branch that differs from Softplus above its threshold.
    @Test func lookalikesAreRefused() throws {
        let twoTensors = Self.graph { g in
            g.initializer("V", [3, 4], (0..<12).map { Double($0) / 12 })
            g.node("MatMul", ["x", "V"], ["other"]); g.node("Sigmoid", ["other"], ["s"]); g.node("Mul", ["z", "s"], ["a"], name: "mix")
        }.0
        #expect { try twoTensors.network() } throws: { "\($0)".contains("node 'mix' (Mul)") && "\($0)".contains("not affine") }
        let noHalf = Self.graph { g in
            g.initializer("root2", [], [Double(2).squareRoot()]); g.initializer("one", [], [1])
            g.node("Div", ["z", "root2"], ["d"]); g.node("Erf", ["d"], ["e"]); g.node("Add", ["e", "one"], ["p"]); g.node("Mul", ["z", "p"], ["a"])
        }.0
        #expect { try noHalf.network() } throws: { "\($0)".contains("output 'a'") && "\($0)".contains("not one of the supported activations") }
        let wrongBranch = Self.graph { g in
            g.initializer("threshold", [], [20]); g.initializer("zero", [], [0])
            g.node("Softplus", ["z"], ["sp"]); g.node("Greater", ["z", "threshold"], ["c"]); g.node("Where", ["c", "zero", "sp"], ["a"])
        }.0
        #expect { try wrongBranch.network() } throws: { "\($0)".contains("not one of the supported activations") }
    }

    /// t ← t·t repeated doubles the cost of evaluating t: refused once past the bound, not run.
    @Test func hostileSquaringChainIsRefused() throws {
        var g = ONNXTestGraph(features: 3)
        var rng = SeededGenerator(seed: 80)
        g.initializer("W", rng.float32Matrix(3, 4))
        g.node("MatMul", ["x", "W"], ["t0"])
        g.node("Erf", ["t0"], ["t1"])
        for k in 1..<200 { g.node("Mul", ["t\(k)", "t\(k)"], ["t\(k + 1)"], name: "square\(k)") }
        g.output("t200", features: 4)
        #expect { try g.network() } throws: { "\($0)".contains("more than \(ONNXPointwise.maximumOperationCount) operations") }
    }
}
