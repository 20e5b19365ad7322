import ImplicitModel

extension WellPosednessAnalysis {
    /// The report for a cyclic block component in which some block applies a block map
    /// (softmax, layer normalisation).
    ///
    /// A block map couples every state of its block, so the entry-level cut and the per-state
    /// criteria (slope boxes, P-matrix tests, LCP witnesses) do not apply: the component is
    /// decided as a whole, by contraction only. With D = diag(Lᵢ), Lᵢ the Lipschitz constant of
    /// state i's map (its block's, for a block map; `PicardContraction(a:maps:sizes:)`), x ↦ Φ(Ax + b)
    /// is a contraction when ‖DA‖∞ < 1 (ℓ∞ constants) or ‖DA‖₂ < 1 (ℓ2 constants): exactly one
    /// fixed point for every b (Banach), so well-posed. Otherwise undecided, with the bound that
    /// failed: never ill-posed, as no witness search is made for block maps.
    func blockMapComponentReport(_ model: ImplicitModel, blocks: [Int], states: [Int], stateNames: [String]) -> DiagonalComponentReport {
        let names = blocks.map { model.states[$0].name }
        let maps = blocks.map { model.states[$0].map }, sizes = blocks.map { model.states[$0].size }
        let mapNames = distinct(maps.map(\.description))
        guard states.count <= options.denseSizeLimit else {
            return DiagonalComponentReport(
                blocks: names, states: states, stateNames: stateNames, activations: mapNames,
                finding: .undecided, criterion: "not analysed",
                picard: PicardReport(contractive: false, norm: .inf, value: .infinity),
                notes: ["the cyclic component has \(states.count) states, above the dense limit of \(options.denseSizeLimit)"])
        }
        let a = model.a.dense(rowBlocks: blocks, colBlocks: blocks)
        let contraction = PicardContraction(a: a, maps: maps, sizes: sizes, limits: options.picardLimits, margin: options.certificateMargin)
        let picard = PicardReport(contractive: contraction.isContractive, norm: contraction.norm, value: contraction.factor)
        let euclidean = contraction.norm == .two
        let lipschitz = zip(maps, sizes).flatMap { map, size in
            [Double](repeating: euclidean ? map.lipschitzConstant2 : map.lipschitzConstant, count: size)
        }
        let criterion = "contraction of x ↦ Φ(Ax + b) in ℓ∞ or ℓ2 with the block maps' Lipschitz constants (Banach)"
        guard contraction.isContractive else {
            return DiagonalComponentReport(
                blocks: names, states: states, stateNames: stateNames, activations: mapNames,
                finding: .undecided, criterion: criterion, picard: picard, lipschitz: lipschitz,
                notes: ["block maps (\(mapNames.joined(separator: ", "))) in a cycle are decided only by contraction, and the smallest bound ‖DA‖\(euclidean ? "₂" : "∞") = \(contraction.factor) is not below 1 − \(options.certificateMargin)"])
        }
        let certificate = WellPosednessCertificate(
            kind: euclidean ? .blockMapContraction2 : .blockMapContractionInf, matrix: .blockLipschitzScaled,
            condition: euclidean ? "‖M‖₂ < 1: Φ(A·+b) contracts in ℓ2" : "‖M‖∞ < 1: Φ(A·+b) contracts in ℓ∞",
            value: contraction.factor, bound: 1 - options.certificateMargin)
        return DiagonalComponentReport(
            blocks: names, states: states, stateNames: stateNames, activations: mapNames,
            finding: .wellPosed(certificate, exact: false), criterion: criterion, picard: picard,
            lipschitz: lipschitz)
    }
}
