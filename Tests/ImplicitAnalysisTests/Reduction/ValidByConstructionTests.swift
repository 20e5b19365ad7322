import Foundation
import Testing
@testable import ImplicitAnalysis
import ImplicitModel
import ImplicitTestSupport
import Linalg

/// The paths that build with `build(knownFinite:)` (restrictions, magnitude pruning, low-rank
/// replacement) make models that pass the full check of `build()`, on weights up to
/// 1e307 where any arithmetic on them could overflow; the biases a restriction is given are
/// still scanned.
@Suite struct ValidByConstructionTests {
    /// A random three-block model, every weight and bias scaled by `scale`.
    static func model(seed: UInt64, scale: Double) throws -> ImplicitModel {
        var rng = SeededGenerator(seed: seed)
        let blocks = [StateBlock(name: "h1", size: 4, activation: .relu), StateBlock(name: "h2", size: 3, activation: .tanh),
                      StateBlock(name: "h3", size: 5, activation: .relu)]
        let base = try RandomModel.make(blocks: blocks, inputs: 3, outputs: 2, density: 0.7, using: &rng)
        var parts = ImplicitModel.Builder(base)
        for (index, block) in base.a.blocks { parts.a[index.row, index.col] = scale * block }
        for (index, block) in base.b.blocks { parts.b[index.row, index.col] = scale * block }
        for (index, block) in base.c.blocks { parts.c[index.row, index.col] = scale * block }
        parts.d = scale * base.d
        parts.biasX = base.biasX.map { scale * $0 }
        parts.biasY = base.biasY.map { scale * $0 }
        return try parts.build()
    }

    /// The result rebuilt through the full scan is the same model.
    static func expectPassesTheFullCheck(_ model: ImplicitModel, _ context: String) {
        #expect((try? ImplicitModel.Builder(model).build()) == model, "\(context)")
    }

    @Test(arguments: [1.0, 1e307])
    func restrictionsPruningAndLowRankPassTheFullCheck(scale: Double) throws {
        for seed in UInt64(1)...4 {
            let model = try Self.model(seed: seed, scale: scale)
            var rng = SeededGenerator(seed: seed ^ 0x5EED)
            var keep = (0..<model.stateCount).map { _ in rng.int(0...2) > 0 }
            keep[0] = true
            let restricted = try model.restricted(toStates: keep, biasX: model.biasX, biasY: model.biasY)
            #expect(restricted.stateCount == keep.count(where: { $0 }))
            Self.expectPassesTheFullCheck(restricted, "states of seed \(seed)")
            let inputs = try model.restricted(toInputs: [2, 0])
            #expect(inputs.input.size == 2 && inputs.d.column(0) == model.d.column(2))
            Self.expectPassesTheFullCheck(inputs, "inputs of seed \(seed)")
            let (pruned, _) = try MagnitudePruning(threshold: 0.5, scale: .relative).apply(to: model)
            Self.expectPassesTheFullCheck(pruned, "pruned seed \(seed)")
            let (factored, _) = try LowRankFactorization(options: .init(rank: .fixed(1))).apply(to: model)
            Self.expectPassesTheFullCheck(factored, "factored seed \(seed)")
        }
    }

    /// The biases a restriction is given are the only new values, and they are scanned.
    @Test func aRestrictionStillRefusesANonFiniteBias() throws {
        let model = try Self.model(seed: 9, scale: 1)
        let keep = [Bool](repeating: true, count: model.stateCount)
        var biasX = model.biasX
        biasX[2] = .nan
        #expect(throws: ModelError.nonFinite(what: "the state bias")) {
            try model.restricted(toStates: keep, biasX: biasX, biasY: model.biasY)
        }
        #expect(throws: ModelError.nonFinite(what: "the output bias")) {
            try model.restricted(toStates: keep, biasX: model.biasX, biasY: [.infinity, 0])
        }
    }
}
