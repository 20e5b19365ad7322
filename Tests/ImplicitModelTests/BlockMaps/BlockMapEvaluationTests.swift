import Foundation
import Testing
import ImplicitTestSupport
@testable import ImplicitModel

/// Networks with LayerNorm and an inner softmax, evaluated as implicit models against a direct
/// forward pass written here, and cyclic block-map components against their fixed-point equation.
@Suite struct BlockMapEvaluationTests {
    /// Linear(p→h) → LayerNorm(h) → Linear(h→k) → Softmax(k) → Linear(k→q).
    static func network(_ rng: inout SeededGenerator, p: Int = 4, h: Int = 6, k: Int = 5, q: Int = 3) -> Network {
        let norm = LayerNormalization(epsilon: 1e-5, scale: rng.vector(h).map { 1 + 0.3 * $0 }, bias: rng.vector(h, scale: 0.2))
        return Network(
            input: Port(name: "u", size: p),
            layers: [
                Layer(name: "fc1", activation: .identity, terms: [Term(source: "u", weight: rng.matrix(h, p))], bias: rng.vector(h)),
                Layer(name: "ln", map: .layerNormalization(norm), terms: [Term(source: "fc1", weight: .identity(h))], bias: [Double](repeating: 0, count: h)),
                Layer(name: "attn", map: .softmax, terms: [Term(source: "ln", weight: rng.matrix(k, h))], bias: rng.vector(k)),
            ],
            output: Readout(name: "y", terms: [Term(source: "attn", weight: rng.matrix(q, k))], bias: rng.vector(q)))
    }

    /// The forward pass of `network(_:)` written out with loops, sample by sample.
    static func direct(_ net: Network, _ u: [Double]) -> [Double] {
        func affine(_ w: Matrix, _ x: [Double], _ b: [Double]) -> [Double] {
            (0..<w.rows).map { i in b[i] + (0..<w.cols).reduce(0) { $0 + w[i, $1] * x[$1] } }
        }
        let h1 = affine(net.layers[0].terms[0].weight, u, net.layers[0].bias)
        guard case .layerNormalization(let norm) = net.layers[1].map else { return [] }
        let mean = h1.reduce(0, +) / Double(h1.count)
        let variance = h1.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(h1.count)
        let ln = h1.indices.map { norm.scale[$0] * (h1[$0] - mean) / (variance + norm.epsilon).squareRoot() + norm.bias[$0] }
        let z = affine(net.layers[2].terms[0].weight, ln, net.layers[2].bias)
        let e = z.map { exp($0) }
        let s = e.map { $0 / e.reduce(0, +) }
        return affine(net.output.terms[0].weight, s, net.output.bias)
    }

    @Test func feedforwardModelMatchesTheDirectForwardPass() throws {
        var rng = SeededGenerator(seed: 61)
        let net = Self.network(&rng)
        let model = try ImplicitModel(assembling: net)
        #expect(model.hasBlockMaps)
        let inputs = rng.matrix(4, 30, scale: 2)
        let predicted = try model.predict(inputs)
        let forward = try net.forward(inputs)
        let plan = try #require(Float32Plan(model))
        let single = try plan.predict(inputs)
        for j in 0..<inputs.cols {
            let truth = Self.direct(net, inputs.column(j))
            for i in 0..<3 {
                #expect(abs(predicted[i, j] - truth[i]) <= 1e-12 * max(1, abs(truth[i])))
                #expect(abs(forward[i, j] - truth[i]) <= 1e-12 * max(1, abs(truth[i])))
                #expect(abs(single[i, j] - truth[i]) <= 1e-4 * max(1, abs(truth[i])))
            }
        }
    }

    static func cyclic(_ map: StateMap, a: Matrix) throws -> ImplicitModel { try ImplicitModel.oneBlock(map, a: a) }

    static func residual(_ map: StateMap, a: Matrix, x: [Double], c: [Double]) -> Double {
        var z = a.apply(to: x)
        for i in z.indices { z[i] += c[i] }
        let image = BlockMapLipschitzTests.apply(map, z)
        return zip(x, image).map { abs($0 - $1) }.max() ?? 0
    }

    @Test func contractiveSoftmaxCycleSolvesByPicard() throws {
        var rng = SeededGenerator(seed: 67)
        let a = rng.matrix(6, 6, scale: 0.4)
        let contraction = PicardContraction(a: a, maps: [.softmax], sizes: [6])
        #expect(contraction.isContractive)
        let model = try Self.cyclic(.softmax, a: a)
        let inputs = rng.matrix(6, 20, scale: 3)
        var report = EvaluationReport()
        let x = try model.predict(inputs, report: &report)
        #expect(report.components.first?.method == .picard)
        for j in 0..<inputs.cols {
            #expect(Self.residual(.softmax, a: a, x: x.column(j), c: inputs.column(j)) <= 1e-12)
        }
    }

    @Test func nonContractiveButUniqueSoftmaxCycleSolvesByNewton() throws {
        // x₁ = σ(−8x₁ + 4 + u₁ − u₂) on two units: decreasing in x₁, so one fixed point, while
        // ‖DA‖ = ½ · 4 = 2 proves no contraction.
        let a = -4 * Matrix.identity(2)
        #expect(!PicardContraction(a: a, maps: [.softmax], sizes: [2]).isContractive)
        let model = try Self.cyclic(.softmax, a: a)
        var rng = SeededGenerator(seed: 71)
        let inputs = rng.matrix(2, 15, scale: 3)
        var report = EvaluationReport()
        let x = try model.predict(inputs, report: &report)
        #expect(report.components.first?.method == .newton)
        for j in 0..<inputs.cols {
            #expect(Self.residual(.softmax, a: a, x: x.column(j), c: inputs.column(j)) <= 1e-10)
        }
    }

    @Test func contractiveLayerNormCycleSolves() throws {
        var rng = SeededGenerator(seed: 73)
        let norm = LayerNormalization(epsilon: 0.5, scale: rng.vector(4, scale: 0.5), bias: rng.vector(4))
        let a = rng.matrix(4, 4, scale: 0.15)
        let model = try Self.cyclic(.layerNormalization(norm), a: a)
        #expect(PicardContraction(a: a, maps: [.layerNormalization(norm)], sizes: [4]).isContractive)
        let inputs = rng.matrix(4, 10, scale: 2)
        let x = try model.predict(inputs)
        for j in 0..<inputs.cols {
            #expect(Self.residual(.layerNormalization(norm), a: a, x: x.column(j), c: inputs.column(j)) <= 1e-12)
        }
    }

    @Test func validationRefusesMismatchedLayerNormParameters() {
        var parts = ImplicitModel.Builder(input: Port(name: "u", size: 4), output: Port(name: "y", size: 4),
                                          states: [StateBlock(name: "x", size: 4, map: .layerNormalization(LayerNormalization(size: 3)))])
        #expect(throws: ModelError.self) { try parts.build() }
        parts.states[0].map = .layerNormalization(LayerNormalization(epsilon: 0, scale: [1, 1, 1, 1], bias: [0, 0, 0, 0]))
        #expect(throws: ModelError.self) { try parts.build() }
        parts.states[0].map = .layerNormalization(LayerNormalization(size: 4))
        #expect(throws: Never.self) { try parts.build() }
    }
}
