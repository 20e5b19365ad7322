import Foundation
import Testing
import Linalg
import ImplicitModel
import ImplicitTestSupport

/// `StateMap.apply(toColumnsOf:)` and `OutputHead.apply(toColumnsOf:)` against the maps written
/// out sample by sample, on column-major and row-major matrices alike.
@Suite struct StateMapMatrixTests {
    /// Softmax of one column, computed directly.
    static func softmax(_ v: [Double]) -> [Double] {
        let top = v.max() ?? 0
        let e = v.map { exp($0 - top) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }

    static func matrices(_ rows: Int, _ cols: Int, seed: UInt64) -> [Matrix] {
        var rng = SeededGenerator(seed: seed)
        let z = rng.matrix(rows, cols, scale: 2)
        return [z, Matrix(rows: rows, cols: cols, rowMajor: z.rowMajor)]
    }

    @Test func mapsMatchTheirSampleBySampleDefinition() {
        let phis: [Activation] = [.relu, .tanh, .sigmoid, .identity]
        for z in Self.matrices(4, 5, seed: 41) {
            var relu = z
            StateMap.elementwise(.relu).apply(toColumnsOf: &relu)
            var perState = z
            StateMap.perState(phis).apply(toColumnsOf: &perState)
            var softmax = z
            StateMap.softmax.apply(toColumnsOf: &softmax)
            for j in 0..<z.cols {
                let column = z.column(j), expected = Self.softmax(column)
                for i in 0..<z.rows {
                    #expect(relu[i, j] == max(0, column[i]))
                    #expect(perState[i, j] == phis[i](column[i]))
                    #expect(abs(softmax[i, j] - expected[i]) <= 1e-15)
                }
            }
        }
    }

    @Test func headsMatchTheirSampleBySampleDefinition() {
        for y in Self.matrices(3, 4, seed: 42) {
            var none = y
            OutputHead.none.apply(toColumnsOf: &none)
            #expect(none == y)
            var sigmoid = y
            OutputHead.sigmoid.apply(toColumnsOf: &sigmoid)
            var softmax = y
            OutputHead.softmax.apply(toColumnsOf: &softmax)
            for j in 0..<y.cols {
                let expected = Self.softmax(y.column(j))
                for i in 0..<y.rows {
                    #expect(abs(sigmoid[i, j] - 1 / (1 + exp(-y[i, j]))) <= 1e-15)
                    #expect(abs(softmax[i, j] - expected[i]) <= 1e-15)
                }
            }
        }
        var empty = Matrix(rows: 0, cols: 3)
        OutputHead.softmax.apply(toColumnsOf: &empty)
        #expect(empty.rows == 0 && empty.cols == 3)
    }
}
