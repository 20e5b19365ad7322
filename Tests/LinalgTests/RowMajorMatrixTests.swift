import Testing
import Linalg

/// A row-major matrix must be the same value as its column-major copy for every operation:
/// each test builds both from one random C-order buffer (the column-major one by an
/// element-by-element loop, independent of `TransposeKernel`) and compares. Exact operations
/// (subscripts, norms summed in a fixed order, gemm, gemv, axpy, scaling) must agree bit for
/// bit; a row-major gemm output (a row-major BLAS call) agrees to rounding.
@Suite struct RowMajorMatrixTests {
    static let shapes = [(0, 4), (4, 0), (1, 1), (3, 17), (17, 3), (64, 65)]

    /// The same random r × c matrix in both layouts.
    static func pair(_ r: Int, _ c: Int, seed: UInt64) -> (rowMajor: Matrix, columnMajor: Matrix) {
        var rng = SplitMix64(seed: seed)
        let cOrder = (0..<(r * c)).map { _ in rng.normal() }
        var columnMajor = [Double](repeating: 0, count: r * c)
        for i in 0..<r { for j in 0..<c { columnMajor[i + j * r] = cOrder[i * c + j] } }
        return (Matrix(rows: r, cols: c, rowMajor: cOrder), Matrix(rows: r, cols: c, columnMajor: columnMajor))
    }

    @Test func rowMajorBufferIsKeptWithoutAPass() {
        let values = (0..<12).map(Double.init)
        let m = Matrix(rows: 3, cols: 4, rowMajor: values)
        #expect(m.layout == .rowMajor)
        #expect(m[1, 2] == 6)
        #expect(m.rowMajor == values)
        #expect(m.withRowMajorElements { Array($0) } == values)
        let bytes = values.withUnsafeBytes { Matrix(rowMajor: $0, of: .float64, rows: 3, cols: 4) }
        #expect(bytes.layout == .rowMajor && bytes.rowMajor == values)
    }

    @Test func layoutsAreTheSameValue() {
        for (r, c) in Self.shapes {
            let (a, b) = Self.pair(r, c, seed: 1)
            #expect(a == b)
            #expect(a.rowMajor == b.rowMajor)
            #expect(a.columnMajorElements == b.columnMajorElements)
            #expect(a.nestedRows == b.nestedRows)
            for i in 0..<r { #expect(a.row(i) == b.row(i)) }
            for j in 0..<c {
                #expect(a.column(j) == b.column(j))
                #expect(a.withColumn(j) { Array($0) } == b.column(j))
            }
            #expect(a.norm1 == b.norm1 && a.normInf == b.normInf && a.normFrobenius == b.normFrobenius)
            #expect(a.maxAbs == b.maxAbs && a.isFinite && a.sumOfMagnitudes == b.sumOfMagnitudes)
            #expect(a.nonzeroCount() == b.nonzeroCount())
            if r > 0, c > 0 {
                var changed = a
                changed[r - 1, 0] += 1
                #expect(changed != b)
                #expect(a.firstNonFiniteElement == nil)
                changed[r - 1, c - 1] = .nan
                #expect(changed.firstNonFiniteElement! == (r - 1, c - 1))
            }
        }
    }

    @Test func transposeIsAViewOfTheSameBuffer() {
        let (a, b) = Self.pair(5, 7, seed: 2)
        let t = a.transposed()
        #expect(t.layout == .columnMajor && t.storageIdentity == a.storageIdentity)
        #expect(t == b.transposed())
        for i in 0..<5 { for j in 0..<7 { #expect(t[j, i] == b[i, j]) } }
        #expect(t.transposed() == a)
    }

    @Test func blasOperandsAreBitForBitTheColumnMajorOnes() {
        let (a, a0) = Self.pair(33, 20, seed: 3)
        let (b, b0) = Self.pair(20, 9, seed: 4)
        let (bt, bt0) = Self.pair(9, 20, seed: 5)
        #expect(a * b == a0 * b0)
        #expect(Matrix.product(a, bt, transposeB: .transposed) == Matrix.product(a0, bt0, transposeB: .transposed))
        #expect(Matrix.product(a, a, transposeA: .transposed) == Matrix.product(a0, a0, transposeA: .transposed))
        // Row-major output: the call runs in row-major order.
        var c = Matrix(rows: 33, cols: 9, rowMajor: [Double](repeating: 0.5, count: 33 * 9))
        c.addProduct(a, b)
        var c0 = Matrix(rows: 33, cols: 9, repeating: 0.5)
        c0.addProduct(a0, b0)
        #expect(c.layout == .rowMajor)
        for i in 0..<33 { for j in 0..<9 { #expect(abs(c[i, j] - c0[i, j]) <= 1e-13 * (1 + abs(c0[i, j]))) } }

        var rng = SplitMix64(seed: 6)
        let x = (0..<20).map { _ in rng.normal() }, y = (0..<33).map { _ in rng.normal() }
        // gemv always runs the column-major kernel: the same bits whatever the layout.
        #expect(a.apply(to: x) == a0.apply(to: x))
        #expect(a.apply(to: y, transpose: .transposed) == a0.apply(to: y, transpose: .transposed))
        #expect(a + a0 == 2 * a0 && (a - a0).isZero && a0 + a == 2 * a0)
        let bias = (0..<33).map(Double.init)
        var withBias = a, withBias0 = a0
        withBias.addToEachColumn(bias)
        withBias0.addToEachColumn(bias)
        #expect(withBias == withBias0)
        #expect(a.rowsScaled(by: bias) == a0.rowsScaled(by: bias))
    }

    @Test func blocksAndSlicesFollowTheElements() {
        let (a, a0) = Self.pair(9, 11, seed: 7)
        #expect(a.submatrix(rows: [8, 0, 3], cols: [10, 2, 2]) == a0.submatrix(rows: [8, 0, 3], cols: [10, 2, 2]))
        #expect(a.rows(2..<5) == a0.rows(2..<5) && a.rows(2..<5).layout == .rowMajor)
        #expect(a.columns(3..<7) == a0.columns(3..<7))
        #expect(a.gatheringColumns([4, 1]) == a0.gatheringColumns([4, 1]))
        var big = Matrix(rows: 12, cols: 14), big0 = Matrix(rows: 12, cols: 14)
        big.setBlock(a, atRow: 2, col: 1)
        big0.setBlock(a0, atRow: 2, col: 1)
        #expect(big == big0)
        var s = a, s0 = a0
        s.scatterColumns([0, 5], from: a0.gatheringColumns([1, 2]))
        s0.scatterColumns([0, 5], from: a0.gatheringColumns([1, 2]))
        #expect(s == s0)
        var col = a
        col.setColumn(3, to: [Double](repeating: 7, count: 9))
        #expect(col.layout == .columnMajor && col.column(3) == [Double](repeating: 7, count: 9) && col.column(2) == a0.column(2))
        #expect(a.mapElements { $0 * 2 } == a0.mapElements { $0 * 2 })
        #expect(Matrix.combiningElements(a, a0, -).isZero)
        for (r0, r1) in [(0, 9), (0, 4), (5, 9)] {
            var buffer = [Double](repeating: .nan, count: (r1 - r0) * 11)
            buffer.withUnsafeMutableBufferPointer { a.copyRowMajor(rows: r0..<r1, into: $0.baseAddress!) }
            #expect(buffer == Array(a0.rowMajor[(r0 * 11)..<(r1 * 11)]))
        }
    }

    /// LAPACK needs column-major input: the factorizations copy a row-major matrix once.
    @Test func decompositionsSeeTheMatrixNotItsLayout() throws {
        let (a, a0) = Self.pair(12, 12, seed: 8)
        #expect(try a.singularValues() == a0.singularValues())
        #expect(try LUFactorization(a).factors == LUFactorization(a0).factors)
        let (rhs, rhs0) = Self.pair(12, 3, seed: 9)
        #expect(try LUFactorization(a).solve(rhs) == LUFactorization(a0).solve(rhs0))
        let spd = Matrix.product(a, a, transposeA: .transposed) + Matrix.identity(12)
        let spd0 = Matrix.product(a0, a0, transposeA: .transposed) + Matrix.identity(12)
        #expect(try CholeskyFactorization(spd.transposed())?.lower == CholeskyFactorization(spd0)?.lower)
    }

    @Test func float32KeepsTheLayoutAndMultipliesAsStored() {
        let (a, a0) = Self.pair(7, 5, seed: 10)
        let (b, _) = Self.pair(5, 3, seed: 11)
        let a32 = Float32Matrix(a), a032 = Float32Matrix(a0)
        #expect(a32.layout == .rowMajor && a32 == a032)
        #expect(a32.columnMajorElements == a032.columnMajorElements)
        let b32 = Float32Matrix(b.inLayout(.columnMajor)).columnMajorElements
        var c = [Float](repeating: 0, count: 21), c0 = [Float](repeating: 0, count: 21)
        b32.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { a32.multiply(pb.baseAddress!, columns: 3, beta: 0, into: $0.baseAddress!) }
            c0.withUnsafeMutableBufferPointer { a032.multiply(pb.baseAddress!, columns: 3, beta: 0, into: $0.baseAddress!) }
        }
        #expect(c == c0)
        let exact = (a0 * b).columnMajorElements
        for k in exact.indices { #expect(abs(Double(c[k]) - exact[k]) <= 1e-5 * max(1, abs(exact[k]))) }
        #expect(a32.doubleMatrix == Float32Matrix(a0).doubleMatrix)
    }
}
