import Foundation
import Testing
@testable import ImplicitFormats
import Linalg
import ImplicitTestSupport

struct CSVDataFileTests {
    @Test func readsHeaderAndSamplesAsColumns() throws {
        let (header, m) = try CSVDataFile.parse("x1, x2 ,x3\r\n1,2,3\r\n\r\n 4.5 ,-6,1e-3\n", file: "X.csv")
        #expect(header == ["x1", "x2", "x3"])
        #expect(m == Matrix([[1, 4.5], [2, -6], [3, 1e-3]]))
    }

    @Test func numericFirstLineIsData() throws {
        let (header, m) = try CSVDataFile.parse("1,2\n3,4", file: "X.csv")
        #expect(header == nil && m == Matrix([[1, 3], [2, 4]]))
    }

    /// A header holds no number at all; a first line with both numbers and text is a typo in a
    /// data line (once dropped silently as a header), refused where the text is.
    @Test func aFirstLineMixingNumbersAndTextIsRefused() {
        let cases = [("0.5,O.25\n1,2\n", "X.csv:1:5: 'O.25'"), ("x1,2\n1,2\n", "X.csv:1:1: 'x1'"),
                     ("\n  1, 2,three\n", "X.csv:2:8: 'three'"), (",a,1\n1,2,3\n", "X.csv:1:1: empty field")]
        for (text, place) in cases {
            let error = Fixtures.error { try CSVDataFile.parse(text, file: "X.csv") }
            #expect(error?.description.hasPrefix(place) == true, "\(text): \(String(describing: error))")
            #expect(error?.description.contains("a header line holds no number at all") == true)
        }
    }

    @Test func aLineOfNoNumbersIsAHeaderEvenWithAnEmptyField() throws {
        let (header, m) = try CSVDataFile.parse(",a,b\n0,1,2\n", file: "X.csv")
        #expect(header == ["", "a", "b"])
        #expect(m == Matrix([[0], [1], [2]]))
        #expect(Fixtures.error { try CSVDataFile.parse(",,\n1,2,3\n", file: "X.csv") }?.description == "X.csv:1:1: empty field")
    }

    @Test func nanAndInfinityAreRead() throws {
        let m = try CSVDataFile.parse("nan,inf,-inf,NaN,Infinity\n", file: "X.csv").matrix
        #expect(m.columnMajorElements[0].isNaN && m.columnMajorElements[3].isNaN)
        #expect(m.columnMajorElements[1] == .infinity && m.columnMajorElements[2] == -.infinity && m.columnMajorElements[4] == .infinity)
    }

    @Test func raggedRowNamesLineAndColumn() {
        let tooMany = Fixtures.error { try CSVDataFile.parse("a,b\n1,2\n\n3,4,5\n", file: "X.csv") }
        #expect(tooMany?.description == "X.csv:4:5: 3 fields, expected 2 as on line 1")
        let tooFew = Fixtures.error { try CSVDataFile.parse("1,2\n3\n", file: "X.csv") }
        #expect(tooFew?.description == "X.csv:2:2: 1 fields, expected 2 as on line 1")
    }

    @Test func nonNumberNamesLineAndColumn() {
        let error = Fixtures.error { try CSVDataFile.parse("a,b\n1,2\n3,  abc\n", file: "X.csv") }
        #expect(error?.description == "X.csv:3:5: 'abc' is not a number")
        #expect(Fixtures.error { try CSVDataFile.parse("1,,2\n", file: "X.csv") }?.description
            == "X.csv:1:3: empty field")
    }

    @Test(arguments: ["", "\n\n", "a,b\n"])
    func emptyFilesHoldNoSamples(text: String) {
        #expect(Fixtures.error { try CSVDataFile.parse(text, file: "X.csv") }?.description == "X.csv: holds no samples")
    }

    /// `Double.description` is the shortest round-trip text, so values come back bit-identical.
    @Test func writeReadRoundTripIsExact() throws {
        var rng = SeededGenerator(seed: 11)
        var values = (0..<40).map { _ in Double.random(in: -1...1, using: &rng) * pow(10, Double.random(in: -300...300, using: &rng)) }
        values += [0, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.1, 1.0 / 3]
        let m = Matrix(rows: 2, cols: values.count / 2, columnMajor: values)
        let directory = try TemporaryDirectory()
        try CSVDataFile.writeMatrix(m, to: directory.file("Y.csv"), header: ["y0", "y1"])
        let (header, read) = try CSVDataFile.read(directory.file("Y.csv"))
        #expect(header == ["y0", "y1"])
        #expect(read.rows == m.rows && read.cols == m.cols)
        #expect(zip(read.columnMajorElements, m.columnMajorElements).allSatisfy { $0.bitPattern == $1.bitPattern })
    }

    @Test func refusesHeaderNeedingQuotes() throws {
        let directory = try TemporaryDirectory()
        let error = Fixtures.error {
            try CSVDataFile.writeMatrix(Matrix(rows: 1, cols: 1), to: directory.file("Y.csv"), header: ["a,b"])
        }
        #expect(error != nil)
        #expect(try directory.contents().isEmpty)
    }
}
