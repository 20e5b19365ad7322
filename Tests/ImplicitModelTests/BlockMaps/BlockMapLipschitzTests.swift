import Foundation
import Testing
import ImplicitTestSupport
@testable import ImplicitModel

/// The Lipschitz bounds of the block maps against their Jacobians: sampled at random points
/// (near-constant blocks included, where LN's bound is attained), and the analytic Jacobians
/// against central differences of `apply`, so that the bound is checked against the map itself.
@Suite struct BlockMapLipschitzTests {
    static func apply(_ map: StateMap, _ z: [Double]) -> [Double] {
        var x = z
        x.withUnsafeMutableBufferPointer { map.applyBlock($0) }
        return x
    }

    /// (‖J‖∞, ‖J‖₂) of a row-major n × n Jacobian.
    static func norms(_ jacobian: [Double], _ n: Int) throws -> (inf: Double, two: Double) {
        let m = Matrix(rows: n, cols: n, rowMajor: jacobian)
        return (m.normInf, try m.norm2())
    }

    /// max |J − (f(z + h eⱼ) − f(z − h eⱼ)) / 2h|: the analytic Jacobian is the map's.
    static func differenceError(_ map: StateMap, _ z: [Double]) -> Double {
        let n = z.count, h = 1e-6
        let jacobian = map.jacobian(at: z)
        var worst = 0.0
        for j in 0..<n {
            var up = z, down = z
            up[j] += h; down[j] -= h
            let fu = apply(map, up), fd = apply(map, down)
            for i in 0..<n { worst = max(worst, abs(jacobian[i * n + j] - (fu[i] - fd[i]) / (2 * h))) }
        }
        return worst
    }

    @Test func softmaxJacobianNormsStayBelowOneHalf() throws {
        var rng = SeededGenerator(seed: 41)
        var largest = 0.0
        for trial in 0..<400 {
            let n = 1 + trial % 9
            let z = rng.vector(n, scale: trial % 2 == 0 ? 1 : 6)
            let (inf, two) = try Self.norms(BlockSoftmax.jacobian(at: z), n)
            #expect(inf <= BlockSoftmax.lipschitzConstant + 1e-15)
            #expect(two <= BlockSoftmax.lipschitzConstant + 1e-15)
            largest = max(largest, inf)
            #expect(Self.differenceError(.softmax, z) < 1e-8)
        }
        // Two units with equal z: J = [[¼, −¼], [−¼, ¼]], ‖J‖∞ = ½ exactly: the bound is tight.
        let (inf, two) = try Self.norms(BlockSoftmax.jacobian(at: [0.3, 0.3]), 2)
        #expect(abs(inf - 0.5) < 1e-15 && abs(two - 0.5) < 1e-15)
        #expect(largest > 0.4)
    }

    @Test func layerNormJacobianNormsStayBelowTheBound() throws {
        var rng = SeededGenerator(seed: 43)
        for trial in 0..<300 {
            let n = 2 + trial % 8
            let epsilon = [1e-5, 1e-3, 0.1, 1][trial % 4]
            let norm = LayerNormalization(epsilon: epsilon, scale: rng.vector(n, scale: 2), bias: rng.vector(n))
            // Spread from nearly constant (the worst case) to wide.
            let spread = [1e-4, 1e-2, 1, 10][(trial / 4) % 4]
            let z = rng.vector(n, scale: spread).map { $0 + 3 }
            let (inf, two) = try Self.norms(norm.jacobian(at: z), n)
            #expect(two <= norm.lipschitzConstant2 * (1 + 1e-12))
            #expect(inf <= norm.lipschitzConstantInf * (1 + 1e-12))
            if spread >= 1 { #expect(Self.differenceError(.layerNormalization(norm), z) < 1e-5 * max(1, norm.lipschitzConstant2)) }
        }
    }

    @Test func layerNormBoundIsAttainedOnAConstantBlock() throws {
        // z constant: J = γP/√ε, whose ℓ2 norm is exactly ‖γ‖∞/√ε for uniform γ.
        let n = 5, epsilon = 1e-5
        let norm = LayerNormalization(epsilon: epsilon, scale: [Double](repeating: 1.5, count: n), bias: [Double](repeating: 0, count: n))
        let (_, two) = try Self.norms(norm.jacobian(at: [Double](repeating: 2, count: n)), n)
        #expect(abs(two - norm.lipschitzConstant2) <= 1e-9 * norm.lipschitzConstant2)
    }

    @Test func layerNormOutputsStayInsideTheirRange() {
        var rng = SeededGenerator(seed: 47)
        for trial in 0..<200 {
            let n = 1 + trial % 7
            let norm = LayerNormalization(epsilon: 1e-5, scale: rng.vector(n), bias: rng.vector(n))
            // One unit far from the others: the extreme |cᵢ| = √(n − 1) σ.
            var z = [Double](repeating: 0, count: n)
            z[trial % n] = 1e3
            let x = Self.apply(.layerNormalization(norm), z)
            let ends = StateMap.layerNormalization(norm).range(lower: z, upper: z)
            for i in 0..<n { #expect(ends.lower[i] <= x[i] && x[i] <= ends.upper[i]) }
        }
    }

    @Test func layerNormIntervalImageEnclosesSampledImagesAndIsTightOnNarrowBoxes() {
        var rng = SeededGenerator(seed: 59)
        var narrowWidth = 0.0, rangeWidth = 0.0
        for trial in 0..<120 {
            let n = 1 + trial % 7
            let norm = LayerNormalization(epsilon: [1e-5, 0.1][trial % 2], scale: rng.vector(n), bias: rng.vector(n))
            let centre = rng.vector(n, scale: 3)
            let radius = rng.vector(n).map { abs($0) * [1e-3, 0.3, 3][trial % 3] }
            let lower = zip(centre, radius).map { $0 - $1 }, upper = zip(centre, radius).map { $0 + $1 }
            let ends = norm.intervalImage(lower: lower, upper: upper)
            var points = (0..<40).map { _ in (0..<n).map { Double.random(in: lower[$0]...upper[$0], using: &rng) } }
            if n <= 5 { for corner in 0..<(1 << n) { points.append((0..<n).map { corner >> $0 & 1 == 0 ? lower[$0] : upper[$0] }) } }
            for z in points {
                let x = Self.apply(.layerNormalization(norm), z)
                for i in 0..<n { #expect(ends.lower[i] <= x[i] && x[i] <= ends.upper[i]) }
            }
            if trial % 3 == 0, n > 2 {
                for i in 0..<n {
                    narrowWidth += ends.upper[i] - ends.lower[i]
                    rangeWidth += 2 * norm.rangeRadius(ofUnit: i)
                }
            }
        }
        // Boxes of radius ~1e-3 give images far narrower than the input-free range.
        #expect(narrowWidth < 0.05 * rangeWidth)
    }

    @Test func softmaxRangeEnclosesSampledImages() {
        var rng = SeededGenerator(seed: 53)
        for trial in 0..<100 {
            let n = 1 + trial % 6
            let centre = rng.vector(n, scale: 5), radius = rng.vector(n).map { abs($0) }
            let lower = zip(centre, radius).map { $0 - $1 }, upper = zip(centre, radius).map { $0 + $1 }
            let ends = BlockSoftmax.range(lower: lower, upper: upper)
            for _ in 0..<20 {
                let z = (0..<n).map { Double.random(in: lower[$0]...upper[$0], using: &rng) }
                let x = Self.apply(.softmax, z)
                for i in 0..<n { #expect(ends.lower[i] <= x[i] && x[i] <= ends.upper[i]) }
            }
            // The corners that make unit 0 smallest and largest are attained.
            var low = upper; low[0] = lower[0]
            var high = lower; high[0] = upper[0]
            #expect(abs(Self.apply(.softmax, low)[0] - ends.lower[0]) < 1e-11)
            #expect(abs(Self.apply(.softmax, high)[0] - ends.upper[0]) < 1e-11)
        }
    }

    @Test func nanPropagatesThroughTheWholeBlock() {
        for map in [StateMap.softmax, .layerNormalization(LayerNormalization(size: 3))] {
            #expect(Self.apply(map, [1, .nan, 2]).allSatisfy { $0.isNaN })
        }
    }
}
