import Foundation
import Testing
import ImplicitTestSupport
@testable import ImplicitModel

/// Networks with LayerNorm and an inner softmax, evaluated as implicit models against a direct
/// forward pass written here, and cyclic block-map components against their fixed-point equation.
@Suite struct BlockMapEvaluationTests {
    /// The forward pass of `RandomNetwork.blockMaps` written out with loops, sample by sample.
    static func direct(_ net: Network, _ u: [Double]) -> [Double] {
        func affine(_ w: Matrix, _ x: [Double], _ b: [Double]) -> [Double] {
            (0..<w.rows).map { i in b[i] + (0..<w.cols).reduce(0) { $0 + w[i, $1] * x[$1] } }
        }
        let h1 = affine(net.layers[0].terms[0].weight, u, net.layers[0].bias).map { max(0, $0) }
        let v = affine(net.layers[1].terms[0].weight, h1, net.layers[1].bias)
        guard case .layerNormalization(let norm) = net.layers[1].map else { return [] }
        let mean = v.reduce(0, +) / Double(v.count)
        let variance = v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count)
        let ln = v.indices.map { norm.scale[$0] * (v[$0] - mean) / (variance + norm.epsilon).squareRoot() + norm.bias[$0] }
        let z = affine(net.layers[2].terms[0].weight, ln, net.layers[2].bias)
        let e = z.map { exp($0) }
        let s = e.map { $0 / e.reduce(0, +) }
        return affine(net.output.terms[0].weight, s, net.output.bias)
    }

    @Test func feedforwardModelMatchesTheDirectForwardPass() throws {
        var rng = SeededGenerator(seed: 61)
        let net = RandomNetwork.blockMaps(input: 4, hidden: 6, attention: 5, output: 3, using: &rng)
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


    static func residual(_ map: StateMap, a: Matrix, x: [Double], c: [Double]) -> Double {
        var z = a.apply(to: x)
        for i in z.indices { z[i] += c[i] }
        let image = BlockMapLipschitzTests.apply(map, z)
        return zip(x, image).map { abs($0 - $1) }.max() ?? 0
    }

    /// The one-block model x = map(A x + u) is solved by `method` for every column of `inputs`,
    /// each state meeting its fixed-point equation to `residual` in the max norm.
    static func expectSolved(_ map: StateMap, a: Matrix, inputs: Matrix, by method: EvaluationReport.Method,
                             residual: Double) throws {
        var report = EvaluationReport()
        let x = try ImplicitModel.oneBlock(map, a: a).predict(inputs, report: &report)
        #expect(report.components.first?.method == method)
        for j in 0..<inputs.cols {
            #expect(Self.residual(map, a: a, x: x.column(j), c: inputs.column(j)) <= residual, "sample \(j)")
        }
    }

    @Test func contractiveSoftmaxCycleSolvesByPicard() throws {
        var rng = SeededGenerator(seed: 67)
        let a = rng.matrix(6, 6, scale: 0.4)
        let contraction = PicardContraction(a: a, maps: [.softmax], sizes: [6])
        #expect(contraction.isContractive)
        try Self.expectSolved(.softmax, a: a, inputs: rng.matrix(6, 20, scale: 3), by: .picard, residual: 1e-12)
    }

    @Test func nonContractiveButUniqueSoftmaxCycleSolvesByNewton() throws {
        // x₁ = σ(−8x₁ + 4 + u₁ − u₂) on two units: decreasing in x₁, so one fixed point, while
        // ‖DA‖ = ½ · 4 = 2 proves no contraction.
        let a = -4 * Matrix.identity(2)
        #expect(!PicardContraction(a: a, maps: [.softmax], sizes: [2]).isContractive)
        var rng = SeededGenerator(seed: 71)
        try Self.expectSolved(.softmax, a: a, inputs: rng.matrix(2, 15, scale: 3), by: .newton, residual: 1e-10)
    }

    @Test func contractiveLayerNormCycleSolvesByPicard() throws {
        var rng = SeededGenerator(seed: 73)
        let norm = LayerNormalization(epsilon: 0.5, scale: rng.vector(4, scale: 0.5), bias: rng.vector(4))
        let a = rng.matrix(4, 4, scale: 0.15)
        #expect(PicardContraction(a: a, maps: [.layerNormalization(norm)], sizes: [4]).isContractive)
        try Self.expectSolved(.layerNormalization(norm), a: a, inputs: rng.matrix(4, 10, scale: 2), by: .picard, residual: 1e-12)
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
