import ImplicitAnalysis
import ImplicitModel

/// 5. Inputs and states: column norms of (B; D) per input (the paper's Figure 2), row and column
/// norms per state, and what `implicit reduce` finds removable.
struct NormsSection: ReportSection {
    let id = "inputs-states"
    let title = "Inputs and states"

    func body(_ report: ModelReport) -> String? {
        let norms = report.norms, exact = report.reduction.exact
        let offsets = Dictionary(report.summary.blocks.map { ($0.name, $0.firstState) }, uniquingKeysWith: { a, _ in a })
        let blockOf = Self.blockLookup(report.summary.blocks)
        func stateName(_ i: Int) -> String { let b = blockOf(i); return "\(b.name)[\(i - b.firstState)]" }
        func stateIndices(_ labels: [String]) -> Set<Int> { Set(labels.compactMap { Self.stateIndex($0, offsets: offsets) }) }
        let boundaries = report.summary.blocks.map { (index: $0.firstState, name: $0.name) }
        let blockNumber = Dictionary(report.summary.blocks.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        let colourOfState: (Int) -> String = { i in
            (blockNumber[blockOf(i).name] ?? 0) % 2 == 0 ? "#0072B2" : "#56B4E9"
        }

        var html = "<h3>Inputs: column norms of (B; D)</h3>"
        html += "<p class=\"caption\">‖(B; D)[:, k]‖₂ for each input feature k (as in the paper's Figure 2): how strongly feature k enters the states and the output. A zero column is a feature the model ignores.</p>"
        let ignored = Set(exact.ignoredInputs)
        html += BarChart(values: norms.inputColumns, xTitle: "input feature k of \(report.summary.input.name)", yTitle: "column norm (weight units)",
                         indexName: { "input \($0)" }, marks: ignored, markMeaning: "ignored by the model (zero column once removed states are gone)")
            .render(label: "Column norms of (B; D) per input")
        if norms.stateRows.isEmpty {
            html += "<p class=\"note\">The model has no states.</p>"
        } else {
            let removable = stateIndices(exact.constantStates.map(\.name) + exact.deadUnits + exact.unreadStates + exact.unreachableStates)
            html += "<h3>States: what each reads, and how much it is read</h3>"
            html += "<p class=\"caption\">Top: ‖(A, B)[i, :]‖₂, the weight on everything state i reads (zero: a constant state φ(bᵢ)). Bottom: ‖(A; C)[:, i]‖₂, the weight with which state i is read (zero: nothing reads it). Blocks alternate in two blues; × marks states <code>implicit reduce</code> removes exactly.</p>"
            html += BarChart(values: norms.stateRows, xTitle: "state i (in block order)", yTitle: "row norm of (A, B)", indexName: stateName,
                             colour: colourOfState, marks: removable, markMeaning: "removable exactly", boundaries: boundaries)
                .render(label: "Row norms of (A, B) per state")
            html += BarChart(values: norms.stateColumns, xTitle: "state i (in block order)", yTitle: "column norm of (A; C)", indexName: stateName,
                             colour: colourOfState, marks: removable, markMeaning: "removable exactly", boundaries: boundaries)
                .render(label: "Column norms of (A; C) per state")
        }
        html += Self.reductionTable(report)
        return html
    }

    static func reductionTable(_ report: ModelReport) -> String {
        let r = report.reduction, exact = r.exact
        let box = report.inputsName.map { "over the bounding box of the inputs in \(HTML.escape($0))" }
        var html = "<h3>What <code>implicit reduce</code> removes exactly</h3>"
        html += "<p class=\"caption\">Exact reductions (tolerance 0)\(box.map { ", dead ReLU units " + $0 } ?? "; dead ReLU units need an input box: give --input X.npy"). "
        html += "Outputs are identical \(exact.exactness == .exactInsideBox ? "for every input in that box" : "for every input") after removing these.</p>"
        func row(_ what: String, _ items: [String]) -> String {
            let shown = items.prefix(12).map(HTML.escape).joined(separator: ", ") + (items.count > 12 ? ", … (\(items.count) in all)" : "")
            return "<tr><td>\(what)</td><td class=\"num\">\(items.count)</td><td>\(items.isEmpty ? "—" : shown)</td></tr>"
        }
        html += "<table><thead><tr><th>finding</th><th class=\"num\">count</th><th>which</th></tr></thead><tbody>"
        html += row("constant states (zero row of (A, B))", exact.constantStates.map { "\($0.name) = \(NumberText.short($0.value))" })
        if box != nil { html += row("dead ReLU units over the box", exact.deadUnits) }
        if box != nil { html += row("always-active units (kept)", exact.alwaysActiveUnits) }
        html += row("unread states", exact.unreadStates)
        html += row("states that never reach the output", exact.unreachableStates)
        let input = report.summary.input, port = Port(name: input.name, size: input.size, shape: input.shape)
        html += row("ignored inputs", exact.ignoredInputs.map(port.listedFeatureName))
        html += "</tbody></table>"
        let b = r.before, a = r.after
        html += "<p>States \(NumberText.count(b.states)) → \(NumberText.count(a.states)), inputs \(NumberText.count(b.inputs)) → \(NumberText.count(a.inputs)), "
        html += "multiply-adds per forward pass \(NumberText.count(b.forwardCost)) → \(NumberText.count(a.forwardCost)) (estimated speed-up \(NumberText.short(r.estimatedSpeedup))×).</p>"
        return html
    }

    /// The block holding state i (blocks sorted by first state).
    static func blockLookup(_ blocks: [ModelSummary.BlockSummary]) -> (Int) -> ModelSummary.BlockSummary {
        let starts = blocks.map(\.firstState)
        return { i in
            var lo = 0, hi = blocks.count - 1
            while lo < hi { let mid = (lo + hi + 1) / 2; if starts[mid] <= i { lo = mid } else { hi = mid - 1 } }
            return blocks[lo]
        }
    }

    /// The model index of a `block[i]` label.
    static func stateIndex(_ label: String, offsets: [String: Int]) -> Int? {
        guard label.hasSuffix("]"), let open = label.lastIndex(of: "[") else { return nil }
        let name = String(label[..<open])
        guard let offset = offsets[name], let i = Int(label[label.index(after: open)..<label.index(before: label.endIndex)]) else { return nil }
        return offset + i
    }
}
