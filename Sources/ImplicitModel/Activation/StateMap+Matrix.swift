import Linalg

extension StateMap {
    /// x = φ(z) in place over a column-per-sample matrix (one state per row, one sample per
    /// column): `apply(toColumns:rows:)` on its elements, so callers do not handle the layout.
    public func apply(toColumnsOf z: inout Matrix) {
        let rows = z.rows
        z.updateColumnMajorElements { apply(toColumns: &$0, rows: rows) }
    }
}
