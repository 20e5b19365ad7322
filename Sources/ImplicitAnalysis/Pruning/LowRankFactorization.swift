import ImplicitModel

/// Replaces parts of A by low-rank factors, keeping the result an (A, B, C, D) model.
///
/// A part P = A[R, C] (rows of blocks R reading blocks C: a cyclic component's A_cc, or one
/// stored block) is truncated from its SVD, P ≈ U_k Σ_k V_kᵀ = L Rᵀ with the balanced factors
/// L = U_k Σ_k^½ and Rᵀ = Σ_k^½ V_kᵀ. A new block z of k identity states is added, z = Rᵀ x_C
/// (A[z, C] = Rᵀ), and the blocks R read z instead of C (A[R, z] = L, A[R, C] = 0):
///   x_R = φ(L z + …),  z = Rᵀ x_C.
/// For a feedforward block this is a linear bottleneck layer between C and R (exported as two
/// Gemms). For a cyclic component, (x, z) solves the new model iff x = φ(L Rᵀ x + …) and z = Rᵀ x,
/// so the new model is well-posed exactly when A with L Rᵀ in place of A_cc is, and one fixed-point
/// sweep costs k(r + c) multiply-adds instead of nnz(A_cc). Balanced factors keep
/// ‖L‖₂ = ‖R‖₂ = √σ₁, so a component with σ₁ < 1 stays provably contractive in the 2-norm.
/// A part is left alone when k(r + c) would not be below its nonzeros; at k = 0 it is removed.
public struct LowRankFactorization: Sendable {
    public var options: LowRankOptions

    public init(options: LowRankOptions) {
        self.options = options
    }

    /// - Returns: the model with the factored parts, and per part its singular values, the kept
    ///   rank, the truncation error and the cost before and after.
    /// - Throws: `ReductionError.invalidOption` for bad options, `LinalgError` if an SVD fails.
    public func apply(to model: ImplicitModel) throws -> (model: ImplicitModel, report: LowRankReport) {
        try options.validate()
        var result = model
        var factors: [LowRankFactor] = []
        for part in Self.parts(of: model, scope: options.scope) {
            let (factor, svd) = try Self.analyze(part, in: result, sizeLimit: options.svdSizeLimit)
            guard let svd, factor.skipped == nil else { factors.append(factor); continue }
            let k: Int
            switch options.rank {
            case .fixed(let wanted): k = Swift.min(wanted, svd.values.count)
            case .relativeTolerance(let t): k = svd.values.filter { $0 > t * (svd.values.first ?? 0) }.count
            }
            let costAfter = k * (factor.rows + factor.cols)
            if k > 0, costAfter >= factor.costBefore {
                factors.append(factor.with(skipped: "no saving: k(r + c) = \(costAfter) ≥ \(factor.costBefore) nonzeros at k = \(k)"))
                continue
            }
            let name = k > 0 ? result.unusedBlockName(Self.blockName(for: part)) : nil
            result = try Self.replace(part, in: result, by: svd, rank: k, blockName: name)
            factors.append(factor.with(keptRank: k, truncationError: k < svd.values.count ? svd.values[k] : 0,
                                       costAfter: costAfter, newBlock: name))
        }
        return (result, LowRankReport(parts: factors))
    }

    /// Singular values and numerical ranks of the parts of A the scope selects, without changing
    /// anything (what `implicit reduce` reports).
    /// - Throws: `LinalgError` if an SVD fails.
    public static func analyze(_ model: ImplicitModel, scope: LowRankOptions.Scope = .automatic,
                               svdSizeLimit: Int = LowRankOptions.defaultSVDSizeLimit) throws -> [LowRankFactor] {
        try parts(of: model, scope: scope).map { try analyze($0, in: model, sizeLimit: svdSizeLimit).factor }
    }

    /// A part of A, by block names (stable while other parts are replaced).
    struct Part {
        let rowBlocks: [String]
        let colBlocks: [String]
    }

    static func parts(of model: ImplicitModel, scope: LowRankOptions.Scope) -> [Part] {
        let structure = BlockStructure(model)
        var componentOf = [Int](repeating: -1, count: model.states.count)
        var result: [Part] = []
        for (c, component) in structure.components.enumerated() {
            for k in component.blocks { componentOf[k] = c }
            if component.isCyclic, scope != .blocks {
                let names = component.blocks.map { model.states[$0].name }
                result.append(Part(rowBlocks: names, colBlocks: names))
            }
        }
        guard scope != .cyclicComponents else { return result }
        for (index, _) in model.a.sortedBlocks {
            let inside = componentOf[index.row] == componentOf[index.col]
            if scope == .blocks || !inside {
                result.append(Part(rowBlocks: [model.states[index.row].name], colBlocks: [model.states[index.col].name]))
            }
        }
        return result
    }
}
