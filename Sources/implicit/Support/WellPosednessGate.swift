import ImplicitAnalysis
import ImplicitModel

/// The check `prune` runs before writing: the pruned model must still be well-posed.
struct WellPosednessGate: ReducedModelCheck {
    func check(_ model: ImplicitModel) throws {}
}
