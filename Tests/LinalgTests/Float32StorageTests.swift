import Testing
@testable import Linalg

/// A matrix kept in float32 (`keepingFloat32`) must be the same value as the float64 matrix of
/// the same numbers for every operation. Each test builds the float32 one from random float32
/// bytes and the float64 one by widening those values in a plain loop (independent of the
/// storage code), in both layouts, and compares bit for bit: widening is exact, so nothing may
/// differ, not even rounding.
@Suite struct Float32StorageTests {
    static let shapes = [(0, 4), (4, 0), (1, 1), (3, 17), (17, 3), (64, 65)]

    /// Random float32 values in `layout` order as little-endian bytes, the matrix kept in
    /// float32 from them, and the float64 matrix of the same values.
    static func pair(_ r: Int, _ c: Int, layout: MatrixLayout, seed: UInt64,
                     special: [Float] = []) -> (kept: Matrix, widened: Matrix) {
        var rng = SplitMix64(seed: seed)
        var values = (0..<(r * c)).map { _ in Float(rng.normal()) }
        for (k, v) in special.enumerated() where k < values.count { values[values.count - 1 - k] = v }
        let doubles = values.map { Double($0) }
        return values.withUnsafeBytes { bytes in
            switch layout {
            case .rowMajor:
                (Matrix(rowMajor: bytes, of: .float32, rows: r, cols: c, keepingFloat32: true),
                 Matrix(rows: r, cols: c, rowMajor: doubles))
            case .columnMajor:
                // A column-major r × c buffer is the row-major c × r transpose.
                (Matrix(rowMajor: bytes, of: .float32, rows: c, cols: r, keepingFloat32: true).transposed(),
                 Matrix(rows: r, cols: c, columnMajor: doubles))
            }
        }
    }

    static let layouts: [MatrixLayout] = [.rowMajor, .columnMajor]

    @Test func readsAndSlicesLikeItsWidening() {
        for layout in Self.layouts {
            for (r, c) in Self.shapes {
                let (a, b) = Self.pair(r, c, layout: layout, seed: 1)
                let someRows = r > 0 ? [r - 1, 0] : []
                #expect(a.storage == .float32 && b.storage == .float64)
                #expect(a.layout == layout)
                #expect(a == b)
                #expect(a.rowMajor == b.rowMajor && a.columnMajorElements == b.columnMajorElements)
                #expect(a.nestedRows == b.nestedRows)
                for i in 0..<r { #expect(a.row(i) == b.row(i)) }
                for j in 0..<c {
                    #expect(a.column(j) == b.column(j))
                    #expect(a.withColumn(j) { Array($0) } == b.column(j))
                }
                #expect(a.transposed() == b.transposed() && a.transposed().storage == .float32)
                #expect(a.inLayout(layout.flipped) == b && a.inLayout(layout).storage == .float32)
                #expect(a.rows(0..<(r / 2)) == b.rows(0..<(r / 2)))
                #expect(a.columns(0..<(c / 2)) == b.columns(0..<(c / 2)))
                #expect(a.submatrix(rows: someRows, cols: Array(0..<c)) ==
                        b.submatrix(rows: someRows, cols: Array(0..<c)))
                #expect(a.norm1 == b.norm1 && a.normInf == b.normInf && a.normFrobenius == b.normFrobenius)
                #expect(a.maxAbs == b.maxAbs && a.sumOfMagnitudes == b.sumOfMagnitudes)
                #expect(a.isFinite && a.isZero == b.isZero && a.nonzeroCount() == b.nonzeroCount())
                #expect(a.nonzeroCount(stoppingAt: 3) == b.nonzeroCount(stoppingAt: 3))
                #expect(a.withRowMajorElements { Array($0) } == b.rowMajor)
                #expect(a.withColumnMajorElements { Array($0) } == b.columnMajorElements)
            }
        }
    }

    @Test func rowBandsAreWidenedOrCopiedExactly() {
        for layout in Self.layouts {
            for (r, c) in Self.shapes where r > 0 && c > 0 {
                let (a, b) = Self.pair(r, c, layout: layout, seed: 2)
                let band = (r / 3)..<r
                var wide = [Double](repeating: .nan, count: band.count * c)
                wide.withUnsafeMutableBufferPointer { a.copyRowMajor(rows: band, into: $0.baseAddress!) }
                #expect(wide == Array(b.rowMajor[(band.lowerBound * c)...]))
                // The stored float32 values of a row-major band, byte for byte; nothing for others.
                var narrow = [Float](repeating: .nan, count: band.count * c)
                let copied = narrow.withUnsafeMutableBytes { a.copyStoredFloat32RowMajor(rows: band, into: $0.baseAddress!) }
                #expect(copied == (layout == .rowMajor))
                if copied { #expect(narrow.map { Double($0) } == wide) }
                #expect(!narrow.withUnsafeMutableBytes { b.copyStoredFloat32RowMajor(rows: band, into: $0.baseAddress!) })
            }
        }
    }

    @Test func nonFiniteFloat32ValuesAreFound() {
        for special in [Float.nan, .infinity, -.infinity] {
            for layout in Self.layouts {
                let (a, b) = Self.pair(5, 7, layout: layout, seed: 3, special: [special])
                #expect(!a.isFinite && !b.isFinite)
                #expect(a.firstNonFiniteElement! == b.firstNonFiniteElement!)
            }
        }
        // The largest finite float32 and the smallest subnormal are finite.
        let (a, _) = Self.pair(2, 2, layout: .rowMajor, seed: 4, special: [.greatestFiniteMagnitude, .leastNonzeroMagnitude])
        #expect(a.isFinite)
    }

    @Test func arithmeticReadsTheWidenedValues() {
        for layout in Self.layouts {
            let (a, b) = Self.pair(9, 6, layout: layout, seed: 5)
            let (x, _) = Self.pair(6, 4, layout: .columnMajor, seed: 6)
            #expect(a * x == b * x)
            #expect(Matrix.product(a, a, transposeA: .transposed) == Matrix.product(b, b, transposeA: .transposed))
            let v = (0..<6).map(Double.init)
            #expect(a.apply(to: v) == b.apply(to: v))
            #expect(a + b == 2 * b && a.rowsScaled(by: Array(repeating: 2, count: 9)) == 2 * b)
            #expect(a.mapElements { $0 + 1 } == b.mapElements { $0 + 1 })
        }
    }

    @Test func mutationWidensForGood() {
        for layout in Self.layouts {
            let (a, b) = Self.pair(4, 3, layout: layout, seed: 7)
            var changed = a
            changed[2, 1] = 0.1  // not a float32 value
            #expect(changed.storage == .float64 && a.storage == .float32)
            #expect(changed[2, 1] == 0.1 && changed[0, 0] == b[0, 0] && a == b)
            var scaled = a
            scaled.scale(by: 3)
            #expect(scaled == 3 * b && scaled.storage == .float64)
            #expect(a.inFloat64() == b && a.inFloat64().storage == .float64 && b.inFloat64().storageIdentity == b.storageIdentity)
            var converted = a
            converted.convert(to: layout.flipped)
            #expect(converted == b && converted.storage == .float64)
        }
    }

    @Test func float32PlansShareTheKeptValues() {
        let (a, b) = Self.pair(8, 5, layout: .rowMajor, seed: 8)
        let shared = Float32Matrix(a), narrowed = Float32Matrix(b)
        #expect(shared == narrowed)
        // The plan holds the kept buffer itself, not a narrowed copy of it.
        func address(_ m: Float32Matrix) -> UnsafeRawPointer? { m.elements.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) } }
        #expect(address(shared) == a.storageIdentity)
        #expect(shared.doubleMatrix == b)
        // Once written to, the matrix holds float64 and a plan narrows a new buffer of it.
        var written = a
        written[0, 0] = 0.5
        #expect(address(Float32Matrix(written)) != a.storageIdentity && address(Float32Matrix(written)) != nil)
        #expect(Float32Matrix(written)[0, 0] == 0.5 && shared[0, 0] == Float(b[0, 0]))
    }

    @Test func blocksAndStacksCopyTheValues() {
        let (a, b) = Self.pair(3, 4, layout: .rowMajor, seed: 9)
        let (c, d) = Self.pair(2, 4, layout: .columnMajor, seed: 10)
        #expect(Matrix.verticallyStacked([a, c], cols: 4) == Matrix.verticallyStacked([b, d], cols: 4))
        var target = Matrix(rows: 6, cols: 6, repeating: 1)
        var expected = target
        target.setBlock(a, atRow: 2, col: 1)
        for i in 0..<3 { for j in 0..<4 { expected[2 + i, 1 + j] = b[i, j] } }
        #expect(target == expected)
    }
}
