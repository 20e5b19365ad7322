import Linalg

extension Matrix {
    /// The states of a batch solved one sample at a time: column j is `solve(c_j, j)`, for the
    /// per-sample solvers (active set, damped Newton) of a component.
    static func solvingEachSample(of c: Matrix, _ solve: ([Double], Int) throws -> [Double]) rethrows -> Matrix {
        var x = Matrix(rows: c.rows, cols: c.cols)
        for j in 0..<c.cols {
            x.setColumn(j, to: try solve(c.column(j), j))
        }
        return x
    }
}
