import ImplicitModel

/// The well-posedness analysis behind `implicit lint`: structure, then a verdict with evidence for
/// every diagonal component.
///
/// 1. The block graph (block k reads block j when A[k, j] is stored) is cut into strongly
///    connected components (`BlockStructure`); acyclic ones are explicit substitutions.
/// 2. Each cyclic block component is gathered densely and cut again by the nonzero pattern of its
///    entries; a state alone with aᵢᵢ = 0 is explicit, every other entry-level component is a
///    diagonal component.
/// 3. Each diagonal component is decided by `ComponentAnalyzer`. The model is well-posed iff every
///    diagonal component is (A is block triangular in this order: El Ghaoui et al., Theorem 1).
/// Deterministic: the same model and options give the same report.
public struct WellPosednessAnalysis: Sendable {
    public var options: WellPosednessOptions

    public init(options: WellPosednessOptions = WellPosednessOptions()) {
        self.options = options
    }

    /// The report for a model.
    public func analyze(_ model: ImplicitModel) -> WellPosednessReport {
        let structure = BlockStructure(model)
        let offsets = model.stateOffsets
        var blockOf = [Int](repeating: 0, count: model.stateCount)
        for (k, block) in model.states.enumerated() { for i in 0..<block.size { blockOf[offsets[k] + i] = k } }
        // The states of block maps never reach the per-state analyses below: a cyclic component
        // with a block map is decided whole (`blockMapComponentReport`).
        let activations = model.elementwiseActivations.map { $0 ?? .identity }
        func name(_ state: Int) -> String {
            let k = blockOf[state]
            return "\(model.states[k].name)[\(state - offsets[k])]"
        }

        var components: [DiagonalComponentReport] = []
        var cyclic: [CyclicBlockComponentReport] = []
        for blockComponent in structure.components where blockComponent.isCyclic {
            let global = blockComponent.blocks.flatMap { Array(model.stateRange(ofBlock: $0)) }
            let blockNames = blockComponent.blocks.map { model.states[$0].name }
            if blockComponent.blocks.contains(where: { model.states[$0].map.isBlockMap }) {
                cyclic.append(CyclicBlockComponentReport(blocks: blockNames, size: global.count, stateOrder: global,
                                                         acyclicStates: 0, components: [components.count]))
                components.append(blockMapComponentReport(model, blocks: blockComponent.blocks, states: global,
                                                          stateNames: global.map(name)))
                continue
            }
            guard global.count <= options.denseSizeLimit else {
                cyclic.append(CyclicBlockComponentReport(blocks: blockNames, size: global.count, stateOrder: global,
                                                         acyclicStates: 0, components: [components.count]))
                components.append(largeComponentReport(model, blocks: blockComponent.blocks, states: global,
                                                       stateNames: global.map(name),
                                                       activations: distinct(global.map { activations[$0].name })))
                continue
            }
            let dense = model.a.dense(rowBlocks: blockComponent.blocks, colBlocks: blockComponent.blocks)
            var successors = [[Int]](repeating: [], count: global.count)
            for j in 0..<dense.cols { for i in 0..<dense.rows where dense[i, j] != 0 { successors[i].append(j) } }
            let entries = StronglyConnectedComponents(successors: successors)
            var acyclicStates = 0
            var indices: [Int] = []
            for members in entries.components {
                if members.count == 1 && dense[members[0], members[0]] == 0 { acyclicStates += 1; continue }
                let states = members.map { global[$0] }
                let analyzer = ComponentAnalyzer(a: dense.submatrix(rows: members, cols: members),
                                                 activations: states.map { activations[$0] },
                                                 states: states, options: options)
                let result = analyzer.analyze(), decision = result.decision
                indices.append(components.count)
                components.append(DiagonalComponentReport(
                    blocks: distinct(states.map { model.states[blockOf[$0]].name }), states: states,
                    stateNames: states.map(name), activations: distinct(states.map { activations[$0].name }),
                    finding: decision.finding, criterion: decision.criterion, picard: result.picard,
                    lipschitz: result.lipschitz, lowSlopes: decision.lowSlopes,
                    slopeLower: decision.slopeLower, slopeUpper: decision.slopeUpper, notes: decision.notes))
            }
            cyclic.append(CyclicBlockComponentReport(
                blocks: blockNames, size: global.count,
                stateOrder: entries.components.flatMap { $0.map { global[$0] } },
                acyclicStates: acyclicStates, components: indices))
        }

        let verdicts = Set(components.map(\.verdict))
        let verdict: Verdict = verdicts.contains(.illPosed) ? .illPosed : verdicts.contains(.undecided) ? .undecided : .wellPosed
        let exact = verdict == .illPosed || components.allSatisfy(\.exact)
        return WellPosednessReport(
            verdict: verdict, exact: exact,
            picardContractive: components.allSatisfy(\.picard.contractive),
            stateCount: model.stateCount, blockCount: model.states.count,
            acyclicByStructure: structure.isAcyclic,
            blockOrder: structure.components.map { $0.blocks.map { model.states[$0].name } },
            cyclicBlockComponents: cyclic, components: components)
    }

    /// The report for x = φ(Ax + b) with one activation for every state: a model of one block `x`.
    /// - Throws: `WellPosednessError.notSquare`; `.invalidModel` when A is not finite or empty.
    public func analyze(matrix a: Matrix, activation: Activation) throws -> WellPosednessReport {
        guard a.isSquare else { throw WellPosednessError.notSquare(rows: a.rows, cols: a.cols) }
        var model = ImplicitModel.Builder(input: Port(name: "u", size: 0), output: Port(name: "y", size: 1),
                                          states: [StateBlock(name: "x", size: a.rows, activation: activation)])
        model.a[0, 0] = a
        do { return analyze(try model.build()) } catch let error as ModelError { throw WellPosednessError.invalidModel(error) }
    }

    func distinct(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}
