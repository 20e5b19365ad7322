import Foundation
import ImplicitModel

/// max |a − b| over all entries.
func maxDifference(_ a: Matrix, _ b: Matrix) -> Double {
    precondition(a.rows == b.rows && a.cols == b.cols)
    return zip(a.columnMajorElements, b.columnMajorElements).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// max |f(u) − g(u)| over the columns u of `inputs`: how far a reduction moved the predictions.
func predictionGap(_ f: ImplicitModel, _ g: ImplicitModel, on inputs: Matrix) throws -> Double {
    maxDifference(try f.predict(inputs), try g.predict(inputs))
}
