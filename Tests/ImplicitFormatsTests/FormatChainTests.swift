import Foundation
import Testing
import ImplicitModel
import ImplicitTestSupport
@testable import ImplicitFormats

/// A model carried through every format in turn comes back exactly (bit for bit).
@Suite struct FormatChainTests {
    @Test func networkYAMLToImplicitYAMLToNPZToProtobufIsExact() throws {
        var rng = SeededGenerator(seed: 404)
        let directory = try TemporaryDirectory()
        for trial in 0..<8 {
            let network = RandomNetwork.make(layers: 2 + trial % 4, input: 3, output: 2, dag: trial % 2 == 1,
                                             head: trial % 3 == 0 ? .softmax : .none, using: &rng)
            let expected = try ImplicitModel(assembling: network)
            func path(_ name: String) -> String { directory.file("\(trial).\(name)").path }
            try ModelFile.write(.network(network), to: path("net.yaml"), inputs: [], force: false)
            try ModelFile.write(try ModelFile.read(path("net.yaml")), to: path("implicit.yaml"), form: .implicit, inputs: [], force: false)
            try ModelFile.write(try ModelFile.read(path("implicit.yaml")), to: path("model.npz"), inputs: [], force: false)
            try ModelFile.write(try ModelFile.read(path("model.npz")), to: path("model.pb"), inputs: [], force: false)
            try ModelFile.write(try ModelFile.read(path("model.pb")), to: path("model.txtpb"), inputs: [], force: false)
            for step in ["implicit.yaml", "model.npz", "model.pb", "model.txtpb"] {
                let back = try ModelFile.read(path(step)).implicitModel()
                #expect(back == expected, "trial \(trial), \(step)")
            }
        }
    }

    /// The same cyclic model predicts the same bits whatever file it was read from: .pb and
    /// YAML keep their weights row-major (C order, as written), .npz blocks arrive column-major,
    /// and every BLAS call the solvers make must not round differently for the two layouts
    /// (gemm packs both alike; gemv and LAPACK get column-major copies). One contractive block
    /// (Picard, gemm) and one monotone, non-contractive block (A = −M, M = G Gᵀ scaled to
    /// ‖M‖∞ = 3, so I − A is positive definite: the per-sample active-set solver, gemv and LU).
    @Test func predictionsDoNotDependOnTheFileTheModelCameFrom() throws {
        var rng = SeededGenerator(seed: 405)
        let directory = try TemporaryDirectory()
        for (trial, monotone) in [false, true].enumerated() {
            let n = 9, p = 4
            var parts = ImplicitModel.Builder(try RandomModel.make(blocks: [StateBlock(name: "x", size: n, activation: .relu)], inputs: p, outputs: 3, using: &rng))
            let g = parts.a[0, 0] ?? Matrix(rows: n, cols: n)
            let a = monotone ? Matrix.product(g, g, transposeB: .transposed) : g
            parts.a[0, 0] = (monotone ? -3 : 0.9) / a.normInf * a
            let model = try parts.build()
            let inputs = Matrix(rows: p, cols: 16, columnMajor: (0..<(p * 16)).map { _ in Double.random(in: -2...2, using: &rng) })
            var outputs: [String: Matrix] = [:]
            for ext in ["npz", "pb", "yaml"] {
                let path = directory.file("\(trial).\(ext)").path
                try ModelFile.write(.implicit(model), to: path, inputs: [], force: false)
                let back = try ModelFile.read(path).implicitModel()
                #expect(back == model, "\(ext)")
                outputs[ext] = try back.predict(inputs)
            }
            #expect(outputs["pb"]!.rowMajor.map(\.bitPattern) == outputs["npz"]!.rowMajor.map(\.bitPattern), "trial \(trial)")
            #expect(outputs["yaml"]!.rowMajor.map(\.bitPattern) == outputs["npz"]!.rowMajor.map(\.bitPattern), "trial \(trial)")
            #expect(try model.predict(inputs).rowMajor.map(\.bitPattern) == outputs["npz"]!.rowMajor.map(\.bitPattern))
        }
    }
}
