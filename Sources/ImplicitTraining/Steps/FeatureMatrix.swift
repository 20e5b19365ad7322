import Linalg

/// A design matrix [rows of a state matrix; U; 1ᵀ] that a linear block of the model multiplies.
struct FeatureMatrix {
    /// k × m.
    let values: Matrix
    /// Which state rows, whether U, and the constant row, in that order.
    let stateRows: [Int]
    let includesInputs: Bool

    init(states: Matrix, rows stateRows: [Int], inputs: Matrix?) {
        let m = states.cols
        var parts = [states.submatrix(rows: stateRows, cols: Array(0..<m))]
        if let inputs { parts.append(inputs) }
        parts.append(Matrix(rows: 1, cols: m, repeating: 1))
        values = Matrix.verticallyStacked(parts, cols: m)
        self.stateRows = stateRows
        self.includesInputs = inputs != nil
    }

    var count: Int { values.rows }

    /// λ_max(Z Zᵀ) = σ_max(Z)², the curvature scale of every loss linear in Zᵀw.
    func largestGramEigenvalue() throws -> Double {
        let gram = Matrix.product(values, values, transposeB: .transposed)
        return try gram.symmetricEigenvalues().last ?? 0
    }
}
