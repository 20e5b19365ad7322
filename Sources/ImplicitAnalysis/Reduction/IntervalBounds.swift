import ImplicitModel

/// Bounds on every pre-activation z = A x + B u + b and every state x = φ(z) of a model, valid for
/// all inputs u in a box.
///
/// Components of A's block graph are bounded in evaluation order. An explicit block is one
/// interval product per stored block of its row (`IntervalMatrix`). A cyclic component
/// x = φ(A_cc x + c), with c bounded from the blocks already done, is bounded by the interval
/// fixed point I ← F(I) ∩ I, F(I) = φ(A_cc I + c) (`IntervalBounds+Components.swift`).
///
/// Why the fixed point is sound: if a true state x(u) lies in I, then x(u) = φ(A_cc x(u) + c(u))
/// lies in F(I), because interval arithmetic is inclusion-monotone. The start I₀ holds every true
/// state (the range of φ, and when κ∞ = max_i Lip(φ_i) Σ_j |a_ij| < 1 the a-priori bound
/// ‖x‖∞ ≤ R = max_i (|φ_i(0)| + Lip(φ_i) |c_i|) / (1 − κ∞)), so by induction every iterate does,
/// whether or not it has converged. When κ∞ < 1, F maps the box [−R, R] into itself and is a
/// κ∞-contraction for the distance max(|Δlower|, |Δupper|), so the iterates shrink geometrically to
/// the fixed interval of F; without contraction the enclosure may stay loose (even infinite), never
/// wrong.
struct IntervalBounds {
    var preActivationLower: [Double]
    var preActivationUpper: [Double]
    var stateLower: [Double]
    var stateUpper: [Double]
    /// Names of the blocks of cyclic components whose interval iteration hit the cap.
    var unconvergedComponents: [[String]] = []

    init(model: ImplicitModel, box: InputBox, options: IntervalBoundOptions) throws {
        guard box.features == model.input.size else {
            throw ReductionError.invalidBox(why: "\(box.features) feature bounds for a model with \(model.input.size) inputs")
        }
        let n = model.stateCount
        preActivationLower = [Double](repeating: -.infinity, count: n)
        preActivationUpper = [Double](repeating: .infinity, count: n)
        stateLower = preActivationLower
        stateUpper = preActivationUpper
        let offsets = model.stateOffsets
        var rowBlocks = [[(col: Int, block: Matrix)]](repeating: [], count: model.states.count)
        for (index, block) in model.a.sortedBlocks { rowBlocks[index.row].append((index.col, block)) }

        for component in BlockStructure(model).components {
            let members = Set(component.blocks)
            var knownLower: [Double] = [], knownUpper: [Double] = []
            for k in component.blocks {
                let range = offsets[k]..<(offsets[k] + model.states[k].size)
                var lo = Array(model.biasX[range]), hi = lo
                func accumulate(_ part: (lower: [Double], upper: [Double])) {
                    for i in lo.indices { lo[i] += part.lower[i]; hi[i] += part.upper[i] }
                }
                if let bk = model.b[k, 0] {
                    accumulate(IntervalMatrix(bk).bounds(lower: box.lower, upper: box.upper))
                }
                for (j, akj) in rowBlocks[k] where !members.contains(j) {
                    let source = offsets[j]..<(offsets[j] + model.states[j].size)
                    accumulate(IntervalMatrix(akj).bounds(lower: Array(stateLower[source]), upper: Array(stateUpper[source])))
                }
                knownLower += lo
                knownUpper += hi
            }
            let states = component.blocks.flatMap { offsets[$0]..<(offsets[$0] + model.states[$0].size) }
            let activations = component.blocks.flatMap { model.states[$0].activations }
            var pre = (lower: knownLower, upper: knownUpper)
            if component.isCyclic {
                let a = model.a.dense(rowBlocks: component.blocks, colBlocks: component.blocks)
                let solved = Self.fixedPoint(a: a, activations: activations, knownLower: knownLower,
                                             knownUpper: knownUpper, options: options)
                pre = solved.preActivation
                if !solved.converged { unconvergedComponents.append(component.blocks.map { model.states[$0].name }) }
            }
            for (local, i) in states.enumerated() {
                preActivationLower[i] = pre.lower[local]
                preActivationUpper[i] = pre.upper[local]
                let image = activations[local].intervalImage(lower: pre.lower[local], upper: pre.upper[local])
                stateLower[i] = image.lower
                stateUpper[i] = image.upper
            }
        }
    }
}
