extension ImplicitModel {
    /// The states and raw outputs for a batch of inputs.
    ///
    /// Components of A's block graph are solved in dependency order (`BlockStructure`): an
    /// explicit block costs one gemm per stored block of its row, exactly a forward pass; a
    /// cyclic component is gathered densely and handed to `ComponentSolver`.
    /// - Parameters:
    ///   - inputs: p × m, one sample per column (a C-order (m, p) NumPy array read as is).
    /// - Returns: the states per block (size_k × m each) and the raw outputs Cx + Du + c (q × m).
    /// - Throws: `EvaluationError` for a wrong input width, non-finite inputs or a failed solve.
    public func evaluate(_ inputs: Matrix, options: SolverOptions = SolverOptions()) throws
        -> (states: [Matrix], outputs: Matrix)
    {
        var report = EvaluationReport()
        return try evaluate(inputs, options: options, report: &report)
    }

    /// As `evaluate(_:options:)`, and says in `report` how each cyclic component was solved.
    public func evaluate(_ inputs: Matrix, options: SolverOptions = SolverOptions(), report: inout EvaluationReport) throws
        -> (states: [Matrix], outputs: Matrix)
    {
        guard inputs.rows == input.size else {
            throw EvaluationError.inputShape(expected: input.size, found: inputs.rows)
        }
        if let bad = inputs.firstNonFiniteElement {
            throw EvaluationError.nonFiniteInput(sample: bad.col, feature: bad.row)
        }
        let m = inputs.cols
        let offsets = stateOffsets
        var x: [Matrix?] = [Matrix?](repeating: nil, count: states.count)
        var rowBlocks = [[(col: Int, block: Matrix)]](repeating: [], count: states.count)
        // Each row's blocks in column order, as the output's below: a dictionary's order changes
        // from process to process, and with it the rounding of the sums.
        for (index, block) in a.sortedBlocks { rowBlocks[index.row].append((index.col, block)) }

        /// The states of a block that dependency order guarantees are already solved.
        func solved(_ j: Int) -> Matrix {
            guard let states = x[j] else { preconditionFailure("block \(j) read before it was solved") }
            return states
        }

        /// B_k u + Σ_{j solved} A_kj x_j + b_k: everything in block k's pre-activation that is known.
        func knownPart(_ k: Int, excluding component: Set<Int>) -> Matrix {
            var z = Matrix(rows: states[k].size, cols: m)
            if let bk = b[k, 0] { z.addProduct(bk, inputs) }
            for (j, akj) in rowBlocks[k] where !component.contains(j) { z.addProduct(akj, solved(j)) }
            z.addToEachColumn(Array(biasX[offsets[k]..<(offsets[k] + states[k].size)]))
            return z
        }

        for component in BlockStructure(self).components {
            let members = Set(component.blocks)
            if !component.isCyclic {
                let k = component.blocks[0]
                var z = knownPart(k, excluding: members)
                states[k].map.apply(toColumnsOf: &z)
                x[k] = z
                continue
            }
            let parts = component.blocks.map { knownPart($0, excluding: members) }
            let c = Matrix.verticallyStacked(parts, cols: m)
            // A one-block component is its diagonal block: handed over as stored, not copied.
            let diagonal = component.blocks.count == 1 ? a[component.blocks[0], component.blocks[0]] : nil
            let dense = diagonal ?? a.dense(rowBlocks: component.blocks, colBlocks: component.blocks)
            let names = component.blocks.map { states[$0].name }
            let solution: Matrix, componentReport: EvaluationReport.Component
            if let activations = activations(ofBlocks: component.blocks) {
                let solver = ComponentSolver(a: dense, activations: activations, options: options, blockNames: names)
                (solution, componentReport) = try solver.solveWithReport(c)
            } else {
                let solver = BlockMapComponentSolver(a: dense, maps: component.blocks.map { states[$0].map },
                                                     sizes: component.blocks.map { states[$0].size },
                                                     options: options, blockNames: names)
                (solution, componentReport) = try solver.solveWithReport(c)
            }
            report.components.append(componentReport)
            var row = 0
            for k in component.blocks {
                x[k] = solution.rows(row..<(row + states[k].size))
                row += states[k].size
            }
        }

        var y = Matrix(rows: output.size, cols: m)
        y.addProduct(d, inputs)
        for (j, block) in c.blocks(inRow: 0) { y.addProduct(block, solved(j)) }
        y.addToEachColumn(biasY)
        return (x.indices.map(solved), y)
    }

    /// ŷ(u) for a batch: p × m in, q × m out, the head applied unless `applyHead` is false.
    public func predict(_ inputs: Matrix, applyHead: Bool = true, options: SolverOptions = SolverOptions()) throws -> Matrix {
        var report = EvaluationReport()
        return try predict(inputs, applyHead: applyHead, options: options, report: &report)
    }

    /// As `predict(_:applyHead:options:)`, and says in `report` how each cyclic component was solved.
    public func predict(_ inputs: Matrix, applyHead: Bool = true, options: SolverOptions = SolverOptions(),
                        report: inout EvaluationReport) throws -> Matrix {
        var y = try evaluate(inputs, options: options, report: &report).outputs
        if applyHead {
            head.apply(toColumnsOf: &y)
        }
        return y
    }
}
