import Testing
import Linalg

/// `RowSelection` against the dense matrix its entries define, built here element by element:
/// its dense form, its operations, and W · S against gemm with that dense matrix.
@Suite struct RowSelectionTests {
    /// The dense rows × cols matrix with `entries[i] = (column, value)` in row i.
    static func dense(rows: Int, cols: Int, _ entries: [(column: Int, value: Double)]) -> Matrix {
        var m = Matrix(rows: rows, cols: cols)
        for (i, entry) in entries.enumerated() { m[i, entry.column] = entry.value }
        return m
    }

    /// Rows 3, 0, 0, 4 of the 5 × 5 identity scaled by 2, −1, 0.5, 3: two rows pick column 0.
    static let picked = RowSelection.identity(5).selectingRows([3, 0, 0, 4]).scaledRows(by: [2, -1, 0.5, 3])
    static let pickedDense = dense(rows: 4, cols: 5, [(3, 2), (0, -1), (0, 0.5), (4, 3)])

    static func random(_ r: Int, _ c: Int, seed: UInt64) -> Matrix {
        var rng = SplitMix64(seed: seed)
        return Matrix(rows: r, cols: c, rowMajor: (0..<(r * c)).map { _ in rng.normal() })
    }

    @Test func denseFormHasOneEntryPerRowWhereTheOperationsPutIt() {
        #expect(Self.picked.rows == 4 && Self.picked.cols == 5)
        #expect(Self.picked.dense == Self.pickedDense)
        #expect((0..<4).map(Self.picked.column) == [3, 0, 0, 4])
        #expect(RowSelection.identity(3).dense == Matrix.identity(3))
        #expect(RowSelection.identity(3).storedCount == 0 && RowSelection.identity(3).storageIdentity == nil)
        #expect(Self.picked.scaled(by: -2).dense == -2 * Self.pickedDense)
    }

    /// Each column of W · S is one column of W times a power of two (exact) or the sum of two
    /// such (one rounding, as gemm's): equal bit for bit to gemm with the dense S, in both layouts.
    @Test func productWithAWeightEqualsGemmWithTheDenseSelection() {
        let rowMajor = Self.random(7, 4, seed: 1)
        let columnMajor = Matrix(rows: 7, cols: 4, columnMajor: (0..<28).map { rowMajor[$0 % 7, $0 / 7] })
        for w in [rowMajor, columnMajor] {
            let product = w * Self.picked
            #expect(product.rows == 7 && product.cols == 5)
            #expect(product == w * Self.pickedDense)
        }
    }

    @Test func identityProductIsTheWeightItselfWithItsStorage() {
        let w = Self.random(3, 6, seed: 2)
        let product = w * RowSelection.identity(6)
        #expect(product == w)
        #expect(product.storageIdentity == w.storageIdentity)
    }

    @Test func sumsStayASelectionOnlyWhenBothPickTheSameColumns() throws {
        let twice = try #require(Self.picked.adding(Self.picked))
        #expect(twice.dense == 2 * Self.pickedDense)
        let other = RowSelection.identity(5).selectingRows([1, 0, 0, 4])
        #expect(Self.picked.adding(other) == nil)
        var m = Self.pickedDense
        m.add(other)
        var expected = Self.pickedDense
        expected[0, 1] += 1; expected[1, 0] += 1; expected[2, 0] += 1; expected[3, 4] += 1
        #expect(m == expected)
    }

    @Test func stackingKeepsEachPartsEntriesAndZeroRowsForAMissingPart() {
        let stacked = RowSelection.stacked([(rows: 4, selection: Self.picked), (rows: 2, selection: nil),
                                            (rows: 5, selection: .identity(5))], cols: 5)
        #expect(stacked.dense == Matrix.verticallyStacked([Self.pickedDense, Matrix(rows: 2, cols: 5), Matrix.identity(5)], cols: 5))
        let w = Self.random(3, 11, seed: 3)
        #expect(w * stacked == w * stacked.dense)
    }

    @Test func emptySelectionsGiveEmptyOrZeroProducts() {
        #expect(RowSelection.identity(0).dense.count == 0)
        let none = RowSelection.identity(4).selectingRows([])
        #expect(none.rows == 0 && none.cols == 4)
        #expect(Matrix(rows: 3, cols: 0) * none == Matrix(rows: 3, cols: 4))
        #expect(Matrix(rows: 0, cols: 4) * Self.picked == Matrix(rows: 0, cols: 5))
    }
}
