import Linalg

extension TrainingParameters {
    /// Zeroes the entries `structure` fixes at zero: A outside the layer-to-layer blocks, B
    /// outside the first layer, C outside the last, D for a network.
    ///
    /// The one place that writes the structural zeros (`TrainingStructure.stateInputs`,
    /// `readsInput`, `outputStates` and `hasDirectTerm` say where they are): the proximal map,
    /// the joint model step's and the refinement's gradients all call it, so an iterate and a
    /// gradient step never move an entry the structure fixes. The implicit structure fixes
    /// none, and this returns at once.
    mutating func applyStructure(_ structure: TrainingStructure) {
        guard !structure.isDense else { return }
        let n = a.rows
        for i in 0..<n {
            let allowed = structure.stateInputs(ofState: i)
            for col in 0..<n where !allowed.contains(col) { a[i, col] = 0 }
            if !structure.readsInput(state: i) { for k in 0..<b.cols { b[i, k] = 0 } }
        }
        let outputs = structure.outputStates
        for state in 0..<n where !outputs.contains(state) { for i in 0..<c.rows { c[i, state] = 0 } }
        if !structure.hasDirectTerm { d = Matrix(rows: d.rows, cols: d.cols) }
    }
}
