import ImplicitModel

/// A check the reduction pipeline runs on its result before measuring its deviation, and whose
/// failure stops the pipeline: the hook through which the CLI makes well-posedness (`lint`) a
/// condition of writing a pruned model, without this module depending on the lint engine.
///
/// The check runs before the deviation is measured because evaluating an ill-posed model can fail
/// or be meaningless. Errors thrown by `check` propagate unchanged (so a lint error can carry its
/// witness to the CLI).
public protocol ReducedModelCheck: Sendable {
    /// - Throws: any error, when the model must not be used.
    func check(_ model: ImplicitModel) throws
}
