import Linalg

extension OutputHead {
    /// The head in place over a q × m output matrix (one sample per column):
    /// `apply(toColumns:rows:)` on its elements, so callers do not handle the layout.
    public func apply(toColumnsOf y: inout Matrix) {
        let rows = y.rows
        y.updateColumnMajorElements { apply(toColumns: &$0, rows: rows) }
    }
}
