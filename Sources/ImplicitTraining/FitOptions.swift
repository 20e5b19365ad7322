/// What `fit` trains and how (`implicit fit`'s flags, without their spelling).
public struct FitOptions: Sendable, Codable, Equatable {
    public var structure: TrainingStructure
    public var activation: RelaxedActivation
    public var loss: TrainingLoss = .squared
    /// κ in ‖A‖∞ ≤ κ < 1 (implicit structure only): a contraction bound that makes the model
    /// well-posed for every activation with slopes in [0, 1] and Picard iteration converge.
    public var kappa = 0.95
    /// ℓ1 penalty on B, C, D (per sample: added to the mean loss).
    public var l1 = 0.0
    /// The group penalty (19) on the columns of (B; D), per sample.
    public var columnPenalty: ColumnPenalty?
    /// k in A = L Rᵀ (L, R n × k), §6.3; nil: A dense. Implicit structure only; the bound
    /// ‖A‖∞ ≤ κ is kept through the factors (see `lowRankStateMapStep`).
    public var rank: Int?
    /// BCD sweeps.
    public var iterations = 10
    /// The dual weight λ of the divergence (implicit), or ε of λ = [ε^L, …, ε², ε] (feedforward).
    public var lambda: Double
    /// μ, the weight of ½‖X − P‖² tying the states to their proxies (10).
    public var mu: Double
    public var seed: UInt64 = 0
    /// The dual schedule: after each sweep but the last, λᵢ ← `lambdaGrowth` · λᵢ for every
    /// state whose mean divergence (1/m) Σⱼ F(Pᵢⱼ, Zᵢⱼ) is above `lambdaThreshold` (the
    /// authors' MATLAB raises λ where it stays above 10⁻⁵). 1: λ fixed.
    public var lambdaGrowth = 1.0
    /// The divergence above which a state's λ is raised (10⁻⁵, the MATLAB code's `lower_precision`).
    public var lambdaThreshold = FitOptions.defaultLambdaThreshold
    /// Steps of the refinement on the exact forward map after BCD (`refine`); 0: none.
    public var refinementSteps = FitOptions.defaultRefinementSteps

    public init(structure: TrainingStructure, activation: RelaxedActivation, lambda: Double? = nil, mu: Double? = nil) {
        self.structure = structure
        self.activation = activation
        let implicit = structure.hasDirectTerm
        self.lambda = lambda ?? (implicit ? FitOptions.defaultImplicitLambda : FitOptions.defaultFeedforwardEpsilon)
        self.mu = mu ?? self.lambda
    }

    /// λ = 1 for implicit models: the divergence weighs as much as the loss per sample.
    public static let defaultImplicitLambda = 1.0
    /// ε = 10⁻³ for feedforward models (λ = [ε^L, …, ε]), the paper's §7.1 value.
    public static let defaultFeedforwardEpsilon = 1e-3

    public static let defaultLambdaThreshold = 1e-5
    /// 150 refinement steps, as many as the §7.1 RMSProp baseline's iterations: on §7.1 they
    /// take BCD's training RMSE from 2.4× the baseline's to about its level, and cost about as
    /// much as the 5 BCD sweeps (docs/training.md, "Refinement").
    public static let defaultRefinementSteps = 150

    /// Checks the numbers before any work.
    /// - Throws: `TrainingError.invalidOption`.
    public func validate() throws(TrainingError) {
        guard structure.stateCount > 0, structure.blockSizes.allSatisfy({ $0 > 0 }) else {
            throw .invalidOption("the model needs at least one state in every layer")
        }
        if structure.hasDirectTerm {
            guard kappa > 0, kappa < 1 else { throw .invalidOption("kappa must be in (0, 1) to keep ‖A‖∞ < 1") }
        }
        guard lambda > 0, lambda.isFinite else { throw .invalidOption("lambda must be a positive number") }
        guard mu > 0, mu.isFinite else { throw .invalidOption("mu must be a positive number") }
        guard l1 >= 0, l1.isFinite else { throw .invalidOption("the l1 weight must be a non-negative number") }
        guard iterations >= 0 else { throw .invalidOption("iterations must be non-negative") }
        guard lambdaGrowth >= 1, lambdaGrowth.isFinite else { throw .invalidOption("the λ growth factor must be a number ≥ 1") }
        guard lambdaThreshold >= 0, lambdaThreshold.isFinite else { throw .invalidOption("the λ threshold must be a non-negative number") }
        guard refinementSteps >= 0 else { throw .invalidOption("refinement steps must be non-negative") }
        if let rank {
            guard structure.hasDirectTerm else { throw .invalidOption("rank applies to the implicit structure only (a feedforward A is block-triangular)") }
            guard rank >= 1, rank <= structure.stateCount else {
                throw .invalidOption("rank must be in 1...\(structure.stateCount) (the number of states), got \(rank)")
            }
            guard columnPenalty == nil else { throw .invalidOption("rank does not combine with the column penalty (its joint model step updates A densely)") }
        }
        if let penalty = columnPenalty {
            guard penalty.weight >= 0, penalty.weight.isFinite else { throw .invalidOption("the column penalty must be a non-negative number") }
            // The soft threshold then the group shrink is the exact prox of ℓ1 + ℓ2 only.
            guard penalty.norm == .two || l1 == 0 else { throw .invalidOption("the ∞-norm column penalty does not combine with l1; use α = 2") }
        }
    }
}

/// λ Σⱼ ‖(B; D) eⱼ‖_α, the feature-selection penalty (19).
public struct ColumnPenalty: Sendable, Codable, Equatable {
    public var weight: Double
    public var norm: Norm

    /// The norms whose proximal map is exact: α = 2 (block soft threshold) and α = ∞ (via the
    /// ℓ1-ball projection, by Moreau's identity).
    public enum Norm: String, Sendable, Codable { case two = "2", infinity = "inf" }

    public init(weight: Double, norm: Norm = .two) {
        self.weight = weight
        self.norm = norm
    }
}
