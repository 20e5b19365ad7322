import Foundation
import Testing
import ImplicitTestSupport
@testable import ImplicitModel

/// Newton's Jacobian I − Φ'(z) A formed by row blocks (`ComponentMap.residualJacobian`) against
/// the dense product of an n × n block-diagonal Φ'(z) with A, and against the sums written out.
@Suite struct ComponentJacobianTests {
    /// 300 states: four softmax blocks, a layer normalisation, a tanh block and a per-state block.
    static func mixedComponent(using rng: inout SeededGenerator) -> ComponentMap {
        let norm = LayerNormalization(epsilon: 0.1, scale: rng.vector(40, scale: 0.7), bias: rng.vector(40))
        let perState = (0..<30).map { $0 % 3 == 0 ? Activation.sigmoid : ($0 % 3 == 1 ? .tanh : .softplus) }
        return ComponentMap(maps: [.softmax, .elementwise(.tanh), .softmax, .layerNormalization(norm),
                                   .softmax, StateMap(activations: perState), .softmax],
                            sizes: [60, 50, 45, 40, 25, 30, 50])
    }

    /// The dense n × n Φ'(z), each block's Jacobian (`StateMap.jacobian(at:)`) on the diagonal.
    static func denseDerivative(_ map: ComponentMap, at z: [Double]) -> Matrix {
        var derivative = Matrix(rows: map.states, cols: map.states)
        for block in map.blocks {
            let size = block.rows.count
            let jacobian = block.map.jacobian(at: Array(z[block.rows]))
            derivative.setBlock(Matrix(rows: size, cols: size, rowMajor: jacobian), atRow: block.rows.lowerBound,
                                col: block.rows.lowerBound)
        }
        return derivative
    }

    /// γ_k = k u / (1 − k u), u = 2⁻⁵³: Higham's bound on the relative error of a k-term sum of
    /// products, each entry of a gemm within γ_k (|D| |A|) of the exact sum.
    static func gamma(_ k: Int) -> Double {
        let ku = Double(k) * Double.ulpOfOne / 2
        return ku / (1 - ku)
    }

    @Test func rowBlocksGiveTheDenseProduct() {
        var rng = SeededGenerator(seed: 2027)
        let map = Self.mixedComponent(using: &rng)
        let n = map.states
        let a = rng.matrix(n, n, scale: 0.3)
        let z = rng.vector(n, scale: 2)
        let jacobian = map.residualJacobian(at: z, rowBlocks: map.rowBlocks(of: a))

        let derivative = Self.denseDerivative(map, at: z)
        var dense = Matrix.identity(n)
        dense.addProduct(derivative, a, alpha: -1)

        var blockMapEntries = 0
        for block in map.blocks {
            for i in block.rows {
                for j in 0..<n {
                    // The sums written out over the block's columns of Φ'(z), the only nonzero ones.
                    var sum = 0.0, magnitude = 0.0
                    for l in block.rows {
                        sum += derivative[i, l] * a[l, j]
                        magnitude += abs(derivative[i, l] * a[l, j])
                    }
                    let direct = (i == j ? 1 : 0) - sum
                    if !block.map.isBlockMap {
                        // One product per entry, rounded once on either path.
                        #expect(jacobian[i, j] == dense[i, j], "state \(i), column \(j)")
                        #expect(jacobian[i, j] == direct, "state \(i), column \(j)")
                        continue
                    }
                    // Each path within γ (|Φ'| |A|) (plus the subtraction's half ulp) of the
                    // exact entry, so within twice that of each other.
                    let rounding = Double.ulpOfOne * max(1, abs(direct))
                    #expect(abs(jacobian[i, j] - dense[i, j]) <= 2 * Self.gamma(n) * magnitude + rounding,
                            "state \(i), column \(j)")
                    #expect(abs(jacobian[i, j] - direct) <= 2 * Self.gamma(block.rows.count) * magnitude + rounding,
                            "state \(i), column \(j)")
                    blockMapEntries += 1
                }
            }
        }
        #expect(blockMapEntries == 220 * n)
    }

    /// `ComponentSolver`'s component is one block of per-state activations: its Jacobian is A's
    /// rows scaled by φ'(z), bit for bit the entries I − φ'ᵢ(zᵢ) aᵢⱼ computed one by one.
    @Test func oneElementwiseBlockIsARowScaling() {
        var rng = SeededGenerator(seed: 2029)
        let n = 90
        let activations = (0..<n).map { $0 % 2 == 0 ? Activation.tanh : .gelu }
        let map = ComponentMap(activations: activations)
        let a = rng.matrix(n, n, scale: 0.4)
        let z = rng.vector(n, scale: 3)
        let rowBlocks = map.rowBlocks(of: a)
        #expect(rowBlocks.count == 1 && rowBlocks[0].storageIdentity == a.storageIdentity)
        let jacobian = map.residualJacobian(at: z, rowBlocks: rowBlocks)
        for j in 0..<n {
            for i in 0..<n {
                let entry = (i == j ? 1 : 0) - activations[i].derivative(z[i]) * a[i, j]
                #expect(jacobian[i, j] == entry, "state \(i), column \(j)")
            }
        }
    }

    @Test func derivativeIsDiagonalExactlyForElementwiseBlocks() {
        var rng = SeededGenerator(seed: 2031)
        let map = Self.mixedComponent(using: &rng)
        let z = rng.vector(map.states)
        for (block, derivative) in zip(map.blocks, map.derivative(at: z)) {
            let zk = Array(z[block.rows])
            switch derivative {
            case .diagonal(let slopes):
                #expect(!block.map.isBlockMap)
                let dense = block.map.jacobian(at: zk)
                for i in slopes.indices { #expect(slopes[i] == dense[i * slopes.count + i]) }
            case .dense(let jacobian):
                #expect(block.map.isBlockMap)
                #expect(jacobian == Matrix(rows: zk.count, cols: zk.count, rowMajor: block.map.jacobian(at: zk)))
            }
        }
    }
}
