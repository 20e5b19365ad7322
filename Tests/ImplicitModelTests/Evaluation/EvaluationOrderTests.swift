import Foundation
import Testing
import ImplicitTestSupport
@testable import ImplicitModel

/// Sums of several blocks are formed in block-column order, so that a prediction is the same to
/// the last bit in every process (a dictionary's order is seeded per process).
@Suite struct EvaluationOrderTests {
    @Test func statesAndOutputsAreTheColumnOrderedSums() throws {
        var rng = SeededGenerator(seed: 3109)
        let sizes = [7, 5, 9, 6]
        var parts = ImplicitModel.Builder(input: Port(name: "u", size: 4), output: Port(name: "y", size: 3),
                                          states: sizes.enumerated().map { StateBlock(name: "h\($0)", size: $1, activation: .tanh) })
        for (k, size) in sizes.enumerated() {
            parts.b[k, 0] = rng.matrix(size, 4)
            parts.c[0, k] = rng.matrix(3, size)
            for j in 0..<k { parts.a[k, j] = rng.matrix(size, sizes[j], scale: 0.5) }
        }
        parts.d = rng.matrix(3, 4)
        parts.biasX = rng.vector(sizes.reduce(0, +))
        parts.biasY = rng.vector(3)
        let model = try parts.build()
        let u = rng.matrix(4, 11)
        let (states, outputs) = try model.evaluate(u)

        var offset = 0
        for (k, size) in sizes.enumerated() {
            var z = Matrix(rows: size, cols: u.cols)
            z.addProduct(try #require(parts.b[k, 0]), u)
            for j in 0..<k { z.addProduct(try #require(parts.a[k, j]), states[j]) }
            z.addToEachColumn(Array(parts.biasX[offset..<(offset + size)]))
            #expect(states[k] == z.mapElements { tanh($0) }, "block \(k)")
            offset += size
        }
        var y = Matrix(rows: 3, cols: u.cols)
        y.addProduct(parts.d, u)
        for k in sizes.indices { y.addProduct(try #require(parts.c[0, k]), states[k]) }
        y.addToEachColumn(parts.biasY)
        #expect(outputs == y)
        // The data tell the orders apart: the same sum in reversed block order differs somewhere.
        var reversed = Matrix(rows: 3, cols: u.cols)
        reversed.addProduct(parts.d, u)
        for k in sizes.indices.reversed() { reversed.addProduct(try #require(parts.c[0, k]), states[k]) }
        reversed.addToEachColumn(parts.biasY)
        #expect(reversed != y)
    }
}
