import ImplicitModel

/// The coefficient of one source in an `AffineExpression`, size(expression) × size(source).
///
/// It stays a `RowSelection` through what keeps it one (the source itself, slices, gathers,
/// per-feature scaling, joining), so an input of p features is never a p × p identity while
/// the importer only reshapes or scales it; a product with a weight or a sum with a dense
/// coefficient makes it dense, and `matrix` spells it out for a layer or readout.
enum AffineCoefficient: Sendable {
    case selection(RowSelection)
    case dense(Matrix)

    var rows: Int {
        switch self {
        case .selection(let s): return s.rows
        case .dense(let m): return m.rows
        }
    }

    var cols: Int {
        switch self {
        case .selection(let s): return s.cols
        case .dense(let m): return m.cols
        }
    }

    /// The dense matrix, rows × cols doubles.
    var matrix: Matrix {
        switch self {
        case .selection(let s): return s.dense
        case .dense(let m): return m
        }
    }

    /// True for a selection, which `matrix` would spell out as rows × cols new doubles.
    var isSelection: Bool {
        if case .selection = self { return true }
        return false
    }

    /// Where its numbers are stored and how many it holds (`ONNXValue.numberBuffers`).
    var storage: (identity: UnsafeRawPointer?, count: Int) {
        switch self {
        case .selection(let s): return (s.storageIdentity, s.storedCount)
        case .dense(let m): return (m.storageIdentity, m.count)
        }
    }

    /// s · self.
    func scaled(by s: Double) -> AffineCoefficient {
        switch self {
        case .selection(let selection): return .selection(selection.scaled(by: s))
        case .dense(let m): return .dense(s * m)
        }
    }

    /// diag(d) · self.
    func scaledRows(by d: [Double]) -> AffineCoefficient {
        switch self {
        case .selection(let s): return .selection(s.scaledRows(by: d))
        case .dense(let m): return .dense(m.rowsScaled(by: d))
        }
    }

    /// The rows `indices`, in that order.
    func selectingRows(_ indices: [Int]) -> AffineCoefficient {
        switch self {
        case .selection(let s): return .selection(s.selectingRows(indices))
        case .dense(let m): return .dense(m.submatrix(rows: indices, cols: Array(0..<m.cols)))
        }
    }

    /// W · self for a k × rows matrix W: a gemm for a dense coefficient, W's columns moved
    /// into place for a selection (W itself for `I`).
    func leftMultiplied(by w: Matrix) -> Matrix {
        switch self {
        case .selection(let s): return w * s
        case .dense(let m): return w * m
        }
    }

    /// self + other: a selection while both pick the same columns, else dense.
    func adding(_ other: AffineCoefficient) -> AffineCoefficient {
        switch (self, other) {
        case let (.selection(a), .selection(b)):
            if let sum = a.adding(b) { return .selection(sum) }
            var m = a.dense
            m.add(b)
            return .dense(m)
        case (.dense(var m), .selection(let s)), (.selection(let s), .dense(var m)):
            m.add(s)
            return .dense(m)
        case (.dense(var m), .dense(let n)):
            m.add(n)
            return .dense(m)
        }
    }
}
