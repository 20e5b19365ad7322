import ImplicitAnalysis
import ImplicitModel
import ImplicitReport
import ImplicitTestSupport
import Linalg
import Testing

/// The report's figures against independent computations: a forward pass written out, the
/// verdicts of lint, the numerical rank by hand.
@Suite struct ContentTests {
    /// A two-layer ReLU network computed by hand: z₁ = W₁u + b₁, x₁ = relu(z₁), z₂ = W₂x₁ + b₂.
    @Test func activationStatisticsMatchAForwardPassByHand() throws {
        var rng = SeededGenerator(seed: 7)
        let p = 4, h = 6, m = 50
        let w1 = rng.matrix(h, p), w2 = rng.matrix(h, h), b1 = rng.vector(h), b2 = rng.vector(h, scale: 0.5)
        var parts = ImplicitModel.Builder(input: Port(name: "u", size: p), output: Port(name: "y", size: 1),
                                          states: [StateBlock(name: "h1", size: h, activation: .relu), StateBlock(name: "h2", size: h, activation: .tanh)])
        parts.b[0, 0] = w1
        parts.a[1, 0] = w2
        parts.c[0, 1] = rng.matrix(1, h)
        parts.biasX = b1 + b2
        let model = try parts.build()
        let u = rng.matrix(p, m)
        let stats = try ActivationStatistics(model: model, inputs: u)
        var z1: [[Double]] = [], z2: [[Double]] = []
        for s in 0..<m {
            let first = (0..<h).map { i in (0..<p).reduce(b1[i]) { $0 + w1[i, $1] * u[$1, s] } }
            let x1 = first.map { Swift.max(0, $0) }
            z1.append(first)
            z2.append((0..<h).map { i in (0..<h).reduce(b2[i]) { $0 + w2[i, $1] * x1[$1] } })
        }
        for (block, z) in zip(stats.blocks, [z1, z2]) {
            let all = z.flatMap { $0 }.sorted()
            #expect(Swift.abs(block.minimum - all[0]) < 1e-12 && Swift.abs(block.maximum - all[all.count - 1]) < 1e-12)
            #expect(block.fractionActive == Double(all.filter { $0 > 0 }.count) / Double(all.count))
            let never = (0..<h).filter { i in z.allSatisfy { $0[i] <= 0 } }.count
            let always = (0..<h).filter { i in z.allSatisfy { $0[i] > 0 } }.count
            #expect(block.neverActive == never && block.alwaysActive == always)
            // Nearest-rank quantiles of the hand-computed values (rank ⌈level · count⌉ written out
            // for 300 values: 15, 75, 150, 225, 285); BLAS sums in another order, hence 1e-12.
            #expect(all.count == 300)
            for (rank, q) in zip([15, 75, 150, 225, 285], block.quantiles) {
                #expect(Swift.abs(all[rank - 1] - q) <= 1e-12)
            }
        }
        #expect(stats.samples == m)
    }

    @Test func theGraphCarriesLintsVerdictsAndEdges() throws {
        let ill = try Samples.report("illposed.yaml")
        #expect(ill.graph.nodes.map(\.blocks) == [["encoder"], ["loop"]])
        #expect(ill.graph.nodes.map(\.verdict) == [.wellPosed, .illPosed])
        #expect(ill.graph.nodes[1].evidence.contains { $0.hasPrefix("witness") })
        #expect(ill.graph.edges.map { [$0.from, $0.to] } == [[0, 1]])
        #expect(ill.graph.nodes[0].readsInput && !ill.graph.nodes[1].readsInput && ill.graph.nodes[1].readByOutput)
        #expect(ill.wellPosedness.verdict == .illPosed)

        let implicit = try Samples.report("implicit.yaml")
        #expect(implicit.graph.nodes.count == 1 && implicit.graph.nodes[0].cyclic)
        #expect(implicit.graph.nodes[0].verdict == .wellPosed && implicit.graph.nodes[0].picardContractive == false)
        let mlp = try Samples.report("mlp.yaml")
        #expect(mlp.graph.nodes.allSatisfy { !$0.cyclic && $0.verdict == .wellPosed })
    }

    /// reducible.yaml's hidden2 weight is close to rank 2 (rank 8 numerically): the spectrum of
    /// its block matches NumPy-free SVD facts: σ descending, σ₁ = ‖W‖₂, rank = count above threshold.
    @Test func spectraAreTheBlocksSingularValues() throws {
        let (model, kind) = try Samples.model("reducible.yaml")
        let report = try ModelReport(model: model, kind: kind, title: "reducible")
        #expect(report.spectra.count == model.a.blocks.count)
        for part in report.spectra {
            let row = try #require(model.blockIndex(named: part.rowBlocks[0]))
            let col = try #require(model.blockIndex(named: part.colBlocks[0]))
            let block = try #require(model.a[row, col])
            #expect(part.singularValues == part.singularValues.sorted(by: >))
            #expect(Swift.abs((part.singularValues.first ?? 0) - (try block.norm2())) < 1e-12)
            // Σσᵢ² = ‖W‖_F².
            let frobenius = part.singularValues.reduce(0) { $0 + $1 * $1 }
            #expect(Swift.abs(frobenius - block.normFrobenius * block.normFrobenius) < 1e-10 * frobenius)
            #expect(part.numericalRank == part.singularValues.filter { $0 > part.numericalRankThreshold }.count)
        }
        #expect(report.reduction.exact.unreadStates == ["hidden2[7]"])
    }
}
